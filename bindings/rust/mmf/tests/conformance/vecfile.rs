//! Parser of the conformance vector format (tests/conformance/README.md), a
//! port of the strict parser in tests/conformance/runner.c: every malformed
//! line is an error with its line number, and nothing of the file runs.

pub const STATUS_NAMES: [&str; 10] = [
    "OK",
    "INVALID_ARGUMENT",
    "CLOSED",
    "READ_ONLY",
    "OUT_OF_RANGE",
    "BUSY",
    "IO",
    "NO_MEMORY",
    "UNSUPPORTED",
    "FAULT",
];

/// Argument kinds: u unsigned 64 (negative wraps), i signed 64, w C int,
/// b byte string, y byte 0..255, o signed 64 or "-" (omitted).
/// Result kinds: "" none, "b" bytes, "u" unsigned, "i" signed.
pub const OPS: [(&str, &str, &str); 23] = [
    ("read", "u", "b"),
    ("read_byte", "", "u"),
    ("readline", "u", "b"),
    ("write", "b", ""),
    ("write_byte", "y", ""),
    ("seek", "iw", "u"),
    ("tell", "", "u"),
    ("read_at", "uu", "b"),
    ("write_at", "ub", ""),
    ("find", "boo", "i"),
    ("rfind", "boo", "i"),
    ("move", "uuu", ""),
    ("flush", "uu", ""),
    ("resize", "u", ""),
    ("len", "", "u"),
    ("size", "", "u"),
    ("madvise", "wuu", ""),
    ("acquire", "", "u"),
    ("release", "", ""),
    ("close", "", ""),
    ("closed", "", "u"),
    ("content", "", "b"),
    ("file", "", "b"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Default,
    Read,
    Write,
    Copy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    U(u64),
    I(i64),
    /// "-" for find/rfind's start and end.
    Omitted,
    B(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    None,
    Bytes(Vec<u8>),
    /// An integer result as its 64-bit pattern.
    Int(u64),
}

#[derive(Debug, Clone)]
pub struct Setup {
    pub anon: bool,
    pub content: Vec<u8>,
    pub anon_len: u64,
    pub access: Access,
    pub offset: u64,
    pub length: u64,
    pub private: bool,
    pub create: bool,
}

#[derive(Debug, Clone)]
pub struct Call {
    pub op: &'static str,
    pub args: Vec<Arg>,
    pub result: Expected,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Setup(Setup),
    Call(Call),
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub line: usize,
    /// Marked `@improvement`: only the CPython oracle skips it; libmmf, and
    /// so this crate, must pass it like any other statement.
    #[allow(dead_code)]
    pub improvement: bool,
    /// Index into STATUS_NAMES.
    pub status: usize,
    pub kind: Kind,
}

pub fn parse_bytes(tok: &str) -> Result<Vec<u8>, String> {
    let s = tok
        .strip_prefix("s:")
        .ok_or_else(|| format!("expected a byte string (s:...), got '{tok}'"))?;
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        let c = b[k];
        if c == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            match (
                b.get(k + 1).and_then(|&c| hex(c)),
                b.get(k + 2).and_then(|&c| hex(c)),
            ) {
                (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
                _ => return Err(format!("bad %XX escape in '{tok}'")),
            }
            k += 3;
        } else if !(0x21..=0x7e).contains(&c) {
            return Err(format!(
                "byte 0x{c:02X} must be written %XX in a byte string"
            ));
        } else {
            out.push(c);
            k += 1;
        }
    }
    Ok(out)
}

/// An optionally negative decimal: (negative, magnitude).
fn parse_decimal(tok: &str) -> Result<(bool, u64), String> {
    let (neg, digits) = match tok.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, tok),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!("expected an integer, got '{tok}'"));
    }
    let mag = digits
        .parse::<u64>()
        .map_err(|_| format!("integer '{tok}' does not fit in 64 bits"))?;
    Ok((neg, mag))
}

const MIN_MAG: u64 = 1 << 63;

pub fn parse_i64(tok: &str) -> Result<i64, String> {
    match parse_decimal(tok)? {
        (true, m) if m > MIN_MAG => Err(format!("integer '{tok}' is below INT64_MIN")),
        (true, m) => Ok((m as i64).wrapping_neg()),
        (false, m) => i64::try_from(m).map_err(|_| format!("integer '{tok}' is above INT64_MAX")),
    }
}

/// [INT64_MIN, UINT64_MAX]; a negative value keeps its bits (-1 is UINT64_MAX).
pub fn parse_u64(tok: &str) -> Result<u64, String> {
    match parse_decimal(tok)? {
        (true, m) if m > MIN_MAG => Err(format!("integer '{tok}' is below INT64_MIN")),
        (true, m) => Ok(0u64.wrapping_sub(m)),
        (false, m) => Ok(m),
    }
}

fn parse_int_range(tok: &str, lo: i64, hi: i64) -> Result<i64, String> {
    let v = parse_i64(tok)?;
    if v < lo || v > hi {
        return Err(format!("integer '{tok}' out of range [{lo}, {hi}]"));
    }
    Ok(v)
}

fn parse_status(tok: &str) -> Result<usize, String> {
    STATUS_NAMES
        .iter()
        .position(|&s| s == tok)
        .ok_or_else(|| format!("unknown status '{tok}'"))
}

fn parse_setup(tok: &[&str]) -> Result<(Setup, usize), String> {
    if tok.len() < 3 {
        return Err("setup needs 'file <content>' or 'anon <length>'".into());
    }
    let mut st = Setup {
        anon: false,
        content: Vec::new(),
        anon_len: 0,
        access: Access::Default,
        offset: 0,
        length: 0,
        private: false,
        create: false,
    };
    match tok[1] {
        "file" => st.content = parse_bytes(tok[2])?,
        "anon" => {
            st.anon = true;
            st.anon_len = parse_u64(tok[2])?;
        }
        other => {
            return Err(format!(
                "setup kind must be 'file' or 'anon', got '{other}'"
            ))
        }
    }
    let mut status = 0;
    let mut last = tok.len();
    if let Some(arrow) = tok.iter().position(|&t| t == "=>") {
        if arrow + 2 != tok.len() {
            return Err("'=> STATUS' must end a setup line".into());
        }
        status = parse_status(tok[tok.len() - 1])?;
        last = arrow;
    }
    let mut seen = [false; 5];
    let mut once = |k: usize, name: &str| -> Result<(), String> {
        if std::mem::replace(&mut seen[k], true) {
            Err(format!("option '{name}' given twice"))
        } else {
            Ok(())
        }
    };
    for &o in &tok[3..last] {
        if let Some(a) = o.strip_prefix("access=") {
            once(0, "access")?;
            st.access = match a {
                "default" => Access::Default,
                "read" => Access::Read,
                "write" => Access::Write,
                "copy" => Access::Copy,
                _ => return Err(format!("unknown access '{a}'")),
            };
        } else if let (Some(v), false) = (o.strip_prefix("offset="), st.anon) {
            once(1, "offset")?;
            st.offset = parse_u64(v)?;
        } else if let (Some(v), false) = (o.strip_prefix("length="), st.anon) {
            once(2, "length")?;
            st.length = parse_u64(v)?;
        } else if o == "private" {
            once(3, "private")?;
            st.private = true;
        } else if o == "create" && !st.anon {
            once(4, "create")?;
            st.create = true;
        } else {
            let kind = if st.anon { "anon" } else { "file" };
            return Err(format!("unknown setup option '{o}' for {kind}"));
        }
    }
    Ok((st, status))
}

fn parse_call(tok: &[&str]) -> Result<(Call, usize), String> {
    let &(name, args, result) = OPS
        .iter()
        .find(|(n, _, _)| *n == tok[0])
        .ok_or_else(|| format!("unknown op '{}'", tok[0]))?;
    let arrow = tok
        .iter()
        .position(|&t| t == "=>")
        .ok_or("missing '=> STATUS'")?;
    if arrow - 1 != args.len() {
        return Err(format!(
            "{name} takes {} argument(s), got {}",
            args.len(),
            arrow - 1
        ));
    }
    let mut parsed = Vec::new();
    for (kind, &t) in args.chars().zip(&tok[1..arrow]) {
        parsed.push(match kind {
            'u' => Arg::U(parse_u64(t)?),
            'i' => Arg::I(parse_i64(t)?),
            'w' => Arg::I(parse_int_range(t, i32::MIN.into(), i32::MAX.into())?),
            'y' => Arg::U(parse_int_range(t, 0, 255)? as u64),
            'o' if t == "-" => Arg::Omitted,
            'o' => match parse_i64(t)? {
                i64::MIN => {
                    return Err(format!(
                        "{t} is MMF_POS_DEFAULT in the C API: write '-' for an omitted argument"
                    ))
                }
                v => Arg::I(v),
            },
            'b' => Arg::B(parse_bytes(t)?),
            _ => unreachable!("bad argument kind"),
        });
    }
    let st_tok = tok.get(arrow + 1).ok_or("missing status after '=>'")?;
    let status = parse_status(st_tok)?;
    let nres = usize::from(status == 0 && !result.is_empty());
    let got = tok.len() - (arrow + 2);
    if got != nres {
        return Err(format!(
            "{name} => {} takes {nres} result(s), got {got}",
            STATUS_NAMES[status]
        ));
    }
    if name == "closed" && status != 0 {
        return Err("closed always returns OK".into());
    }
    let result = if nres == 1 {
        let t = tok[arrow + 2];
        match result {
            "b" => Expected::Bytes(parse_bytes(t)?),
            "u" => Expected::Int(parse_u64(t)?),
            _ => Expected::Int(parse_i64(t)? as u64),
        }
    } else {
        Expected::None
    };
    Ok((
        Call {
            op: name,
            args: parsed,
            result,
        },
        status,
    ))
}

/// Parses a whole file; the error is "name:line: reason".
pub fn parse(name: &str, text: &[u8]) -> Result<Vec<Stmt>, String> {
    let mut out: Vec<Stmt> = Vec::new();
    let mut pending: Option<usize> = None;
    let mut windows_pending: Option<usize> = None;
    let mut cur_setup: Option<usize> = None;
    let mut lines = text.split(|&c| c == b'\n').peekable();
    let mut lineno = 0;
    while let Some(raw) = lines.next() {
        lineno += 1;
        if lines.peek().is_none() && raw.is_empty() {
            break;
        }
        let err = |m: String| format!("{name}:{lineno}: {m}");
        if raw.contains(&0) {
            return Err(err("NUL byte in line".into()));
        }
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.contains(&b'\t') {
            return Err(err(
                "tabs are not allowed, separate tokens with spaces".into()
            ));
        }
        let line = String::from_utf8_lossy(raw);
        let tok: Vec<&str> = line.split(' ').filter(|t| !t.is_empty()).collect();
        if tok.is_empty() || tok[0].starts_with('#') {
            continue;
        }
        if tok[0] == "@improvement" {
            if tok.len() < 2 {
                return Err(err("@improvement needs a reason".into()));
            }
            if pending.is_some() {
                return Err(err("two @improvement lines in a row".into()));
            }
            pending = Some(lineno);
            continue;
        }
        if tok[0] == "@windows" {
            // Another expectation for the next statement on Windows; this
            // runner runs on POSIX, so it is checked for form and skipped.
            if tok.len() < 3 || tok[1] != "=>" {
                return Err(err("@windows needs '=> STATUS [result]'".into()));
            }
            parse_status(tok[2]).map_err(err)?;
            if windows_pending.is_some() {
                return Err(err("two @windows lines in a row".into()));
            }
            windows_pending = Some(lineno);
            continue;
        }
        if tok[0].starts_with('@') {
            return Err(err(format!("unknown directive '{}'", tok[0])));
        }
        if let Some(c) = raw
            .iter()
            .find(|&&c| c != b' ' && !(0x21..=0x7e).contains(&c))
        {
            return Err(err(format!(
                "non-ASCII or control byte 0x{c:02X} outside a comment"
            )));
        }
        let improvement = pending.take().is_some();
        windows_pending = None;
        let (kind, status) = if tok[0] == "setup" {
            let (s, status) = parse_setup(&tok).map_err(err)?;
            cur_setup = Some(out.len());
            (Kind::Setup(s), status)
        } else {
            let Some(k) = cur_setup else {
                return Err(err("call before the first setup".into()));
            };
            let (c, status) = parse_call(&tok).map_err(err)?;
            if out[k].status != 0 {
                return Err(err(format!(
                    "calls after a setup that must fail (line {})",
                    out[k].line
                )));
            }
            if let (Kind::Setup(s), "file") = (&out[k].kind, c.op) {
                if s.anon {
                    return Err(err("'file' in an anon section".into()));
                }
            }
            (Kind::Call(c), status)
        };
        out.push(Stmt {
            line: lineno,
            improvement,
            status,
            kind,
        });
    }
    if let Some(l) = pending {
        return Err(format!(
            "{name}:{l}: @improvement not followed by a statement"
        ));
    }
    if let Some(l) = windows_pending {
        return Err(format!("{name}:{l}: @windows not followed by a statement"));
    }
    Ok(out)
}
