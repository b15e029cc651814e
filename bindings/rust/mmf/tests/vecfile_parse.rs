//! The conformance vector parser (tests/conformance/vecfile.rs) is strict, as
//! runner.c's: malformed input is reported with its line, never run.

#[path = "conformance/vecfile.rs"]
#[allow(dead_code)]
mod vecfile;

use vecfile::{parse, parse_bytes, parse_i64, parse_u64, Arg, Expected, Kind};

#[test]
fn byte_strings() {
    assert_eq!(parse_bytes("s:").unwrap(), b"");
    assert_eq!(parse_bytes("s:a%20b%0a%FF%25").unwrap(), b"a b\n\xff%");
    assert!(parse_bytes("s:%2").is_err());
    assert!(parse_bytes("s:%zz").is_err());
    assert!(parse_bytes("x:abc").is_err());
    assert!(parse_bytes("s:caf\u{e9}").is_err());
}

#[test]
fn integers() {
    assert_eq!(parse_u64("-1").unwrap(), u64::MAX);
    assert_eq!(parse_u64("18446744073709551615").unwrap(), u64::MAX);
    assert_eq!(parse_u64("-9223372036854775808").unwrap(), 1 << 63);
    assert!(parse_u64("-9223372036854775809").is_err());
    assert!(parse_u64("18446744073709551616").is_err());
    assert_eq!(parse_i64("-9223372036854775808").unwrap(), i64::MIN);
    assert!(parse_i64("9223372036854775808").is_err());
    for bad in ["", "-", "+1", "0x10", "1 ", "1e3"] {
        assert!(parse_i64(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_good_file() {
    let text = b"# comment\r\nsetup file s:abc access=read\r\n\nfind s:b - 2 => OK 1\n\
                 @improvement reason\nread_at 9 1 => OUT_OF_RANGE\nsetup anon -1 => OUT_OF_RANGE\n";
    let s = parse("t.vec", text).unwrap();
    assert_eq!(s.len(), 4);
    assert_eq!((s[1].line, s[1].status), (4, 0));
    let Kind::Call(c) = &s[1].kind else { panic!() };
    assert_eq!(c.args, [Arg::B(b"b".to_vec()), Arg::Omitted, Arg::I(2)]);
    assert_eq!(c.result, Expected::Int(1));
    assert!(s[2].improvement && !s[1].improvement);
    assert_eq!(s[3].status, 4);
}

#[test]
fn malformed_files_name_their_line() {
    let cases: &[(&[u8], &str)] = &[
        (b"read 1 => OK s:\n", "t.vec:1: call before the first setup"),
        (
            b"setup anon 4\nread => OK s:\n",
            "t.vec:2: read takes 1 argument(s), got 0",
        ),
        (b"setup anon 4\nread 1\n", "t.vec:2: missing '=> STATUS'"),
        (
            b"setup anon 4\nread 1 => OK\n",
            "t.vec:2: read => OK takes 1 result(s), got 0",
        ),
        (
            b"setup anon 4\nlen => CLOSED 4\n",
            "t.vec:2: len => CLOSED takes 0 result(s), got 1",
        ),
        (
            b"setup anon 4\nlen => MAYBE\n",
            "t.vec:2: unknown status 'MAYBE'",
        ),
        (b"setup anon 4\nfrob => OK\n", "t.vec:2: unknown op 'frob'"),
        (
            b"setup anon 4\nwrite_byte 256 => OK\n",
            "t.vec:2: integer '256' out of range [0, 255]",
        ),
        (
            b"setup anon 4\nfind s:a -9223372036854775808 - => OK -1\n",
            "t.vec:2: -9223372036854775808 is MMF_POS_DEFAULT",
        ),
        (
            b"setup anon 4\nlen\t=> OK 4\n",
            "t.vec:2: tabs are not allowed",
        ),
        (
            b"setup anon 4 => IO\nlen => OK 4\n",
            "t.vec:2: calls after a setup that must fail (line 1)",
        ),
        (
            b"setup anon 4\nfile => OK s:\n",
            "t.vec:2: 'file' in an anon section",
        ),
        (
            b"setup anon 4 offset=1\n",
            "t.vec:1: unknown setup option 'offset=1' for anon",
        ),
        (
            b"setup file s:a access=read access=copy\n",
            "t.vec:1: option 'access' given twice",
        ),
        (
            b"setup file s:a => OK extra\n",
            "t.vec:1: '=> STATUS' must end a setup line",
        ),
        (
            b"setup anon 4\n@improvement a\n@improvement b\nlen => OK 4\n",
            "t.vec:3: two @improvement",
        ),
        (
            b"setup anon 4\n@improvement a\n",
            "t.vec:2: @improvement not followed",
        ),
        (
            b"setup anon 4\n@frob\n",
            "t.vec:2: unknown directive '@frob'",
        ),
        (
            b"setup anon 4\nclosed => CLOSED\n",
            "t.vec:2: closed always returns OK",
        ),
        (
            b"setup anon 4\nlen => OK 4 \xc3\xa9\n",
            "t.vec:2: non-ASCII or control byte 0xC3",
        ),
    ];
    for (text, want) in cases {
        let e = parse("t.vec", text).unwrap_err();
        assert!(
            e.starts_with(want),
            "{}: got {e:?}, want {want:?}",
            String::from_utf8_lossy(text)
        );
    }
}
