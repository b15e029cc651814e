package mmf

// The shared conformance vectors (tests/conformance/vectors/*.vec) through
// the Go API: the twin of tests/conformance/runner.c, with the same strict
// parser and the same closing line "conformance: N passed, N failed, N
// skipped". The format is described in tests/conformance/README.md.
//
// Where the Go API deliberately reports a C status differently, the runner
// maps it back: io.EOF from Read, ReadAt and ReadLine is OK with the bytes
// read; io.EOF from ReadByte is OUT_OF_RANGE (the only status C returns at
// the end). acquire/release are View()/Release(); a release with no View
// held (which the View API cannot express) calls mmf_buffer_release through
// the internal layer, so its status is still checked.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
)

type vecStmt struct {
	line        int
	setup       bool
	status      Status
	anon        bool
	content     []byte
	anonLength  uint64
	access      Access
	offset      uint64
	length      uint64
	flags       Flag
	op          string
	u           [3]uint64
	i           [3]int64
	b           []byte
	hasResult   bool
	resultBytes []byte
	resultInt   uint64
}

// op name -> argument kinds, result kind (as runner.c's ops table).
var vecOps = map[string][2]string{
	"read": {"u", "b"}, "read_byte": {"", "u"}, "readline": {"u", "b"}, "write": {"b", ""},
	"write_byte": {"y", ""}, "seek": {"iw", "u"}, "tell": {"", "u"}, "read_at": {"uu", "b"},
	"write_at": {"ub", ""}, "find": {"boo", "i"}, "rfind": {"boo", "i"}, "move": {"uuu", ""},
	"flush": {"uu", ""}, "resize": {"u", ""}, "len": {"", "u"}, "size": {"", "u"},
	"madvise": {"wuu", ""}, "acquire": {"", "u"}, "release": {"", ""}, "close": {"", ""},
	"closed": {"", "u"}, "content": {"", "b"}, "file": {"", "b"},
}

func parseVecBytes(tok string) ([]byte, error) {
	if !strings.HasPrefix(tok, "s:") {
		return nil, fmt.Errorf("expected a byte string (s:...), got '%s'", tok)
	}
	s := tok[2:]
	out := make([]byte, 0, len(s))
	for k := 0; k < len(s); k++ {
		c := s[k]
		switch {
		case c == '%':
			if k+2 >= len(s) {
				return nil, fmt.Errorf("bad %%XX escape in '%s'", tok)
			}
			v, err := strconv.ParseUint(s[k+1:k+3], 16, 8)
			if err != nil {
				return nil, fmt.Errorf("bad %%XX escape in '%s'", tok)
			}
			out = append(out, byte(v))
			k += 2
		case c < 0x21 || c > 0x7e:
			return nil, fmt.Errorf("byte 0x%02X must be written %%XX in a byte string", c)
		default:
			out = append(out, c)
		}
	}
	return out, nil
}

func parseVecDecimal(tok string) (neg bool, mag uint64, err error) {
	d := tok
	if strings.HasPrefix(d, "-") {
		neg = true
		d = d[1:]
	}
	if d == "" || d[0] < '0' || d[0] > '9' {
		return false, 0, fmt.Errorf("expected an integer, got '%s'", tok)
	}
	mag, err = strconv.ParseUint(d, 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return false, 0, fmt.Errorf("integer '%s' does not fit in 64 bits", tok)
		}
		return false, 0, fmt.Errorf("expected an integer, got '%s'", tok)
	}
	return neg, mag, nil
}

func parseVecI64(tok string) (int64, error) {
	neg, mag, err := parseVecDecimal(tok)
	if err != nil {
		return 0, err
	}
	if neg {
		if mag > 1<<63 {
			return 0, fmt.Errorf("integer '%s' is below INT64_MIN", tok)
		}
		return int64(-mag), nil // -(1<<63) wraps to math.MinInt64
	}
	if mag > math.MaxInt64 {
		return 0, fmt.Errorf("integer '%s' is above INT64_MAX", tok)
	}
	return int64(mag), nil
}

// parseVecU64: a negative value is the unsigned value with the same bits.
func parseVecU64(tok string) (uint64, error) {
	neg, mag, err := parseVecDecimal(tok)
	if err != nil {
		return 0, err
	}
	if neg {
		if mag > 1<<63 {
			return 0, fmt.Errorf("integer '%s' is below INT64_MIN", tok)
		}
		return -mag, nil
	}
	return mag, nil
}

func parseVecRange(tok string, lo, hi int64) (int64, error) {
	v, err := parseVecI64(tok)
	if err != nil {
		return 0, err
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("integer '%s' out of range [%d, %d]", tok, lo, hi)
	}
	return v, nil
}

func parseVecStatus(tok string) (Status, error) {
	for s := StatusOK; s <= StatusFault; s++ {
		if s.String() == tok {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown status '%s'", tok)
}

func indexOfArrow(tok []string) int {
	for k, t := range tok {
		if t == "=>" {
			return k
		}
	}
	return -1
}

func parseVecSetup(tok []string, st *vecStmt) error {
	st.setup = true
	if len(tok) < 3 {
		return errors.New("setup needs 'file <content>' or 'anon <length>'")
	}
	var err error
	switch tok[1] {
	case "file":
		if st.content, err = parseVecBytes(tok[2]); err != nil {
			return err
		}
	case "anon":
		st.anon = true
		if st.anonLength, err = parseVecU64(tok[2]); err != nil {
			return err
		}
	default:
		return fmt.Errorf("setup kind must be 'file' or 'anon', got '%s'", tok[1])
	}
	last := len(tok)
	if a := indexOfArrow(tok); a >= 0 {
		if a != len(tok)-2 {
			return errors.New("'=> STATUS' must end a setup line")
		}
		if st.status, err = parseVecStatus(tok[len(tok)-1]); err != nil {
			return err
		}
		last = a
	}
	seen := map[string]bool{}
	once := func(name string) error {
		if seen[name] {
			return fmt.Errorf("option '%s' given twice", name)
		}
		seen[name] = true
		return nil
	}
	for _, o := range tok[3:last] {
		switch {
		case strings.HasPrefix(o, "access="):
			if err := once("access"); err != nil {
				return err
			}
			switch o[7:] {
			case "default":
				st.access = AccessDefault
			case "read":
				st.access = AccessRead
			case "write":
				st.access = AccessWrite
			case "copy":
				st.access = AccessCopy
			default:
				return fmt.Errorf("unknown access '%s'", o[7:])
			}
		case strings.HasPrefix(o, "offset=") && !st.anon:
			if err := once("offset"); err != nil {
				return err
			}
			if st.offset, err = parseVecU64(o[7:]); err != nil {
				return err
			}
		case strings.HasPrefix(o, "length=") && !st.anon:
			if err := once("length"); err != nil {
				return err
			}
			if st.length, err = parseVecU64(o[7:]); err != nil {
				return err
			}
		case o == "private":
			if err := once("private"); err != nil {
				return err
			}
			st.flags |= Private
		case o == "create" && !st.anon:
			if err := once("create"); err != nil {
				return err
			}
			st.flags |= Create
		default:
			kind := "file"
			if st.anon {
				kind = "anon"
			}
			return fmt.Errorf("unknown setup option '%s' for %s", o, kind)
		}
	}
	return nil
}

func parseVecCall(tok []string, st *vecStmt) error {
	info, ok := vecOps[tok[0]]
	if !ok {
		return fmt.Errorf("unknown op '%s'", tok[0])
	}
	st.op = tok[0]
	arrow := indexOfArrow(tok)
	if arrow < 0 {
		return errors.New("missing '=> STATUS'")
	}
	args := info[0]
	if arrow-1 != len(args) {
		return fmt.Errorf("%s takes %d argument(s), got %d", st.op, len(args), arrow-1)
	}
	var err error
	for k := 0; k < len(args); k++ {
		t := tok[1+k]
		switch args[k] {
		case 'u':
			st.u[k], err = parseVecU64(t)
		case 'i':
			st.i[k], err = parseVecI64(t)
		case 'w':
			st.i[k], err = parseVecRange(t, math.MinInt32, math.MaxInt32)
		case 'y':
			var v int64
			v, err = parseVecRange(t, 0, 255)
			st.u[k] = uint64(v)
		case 'o':
			if t == "-" {
				st.i[k] = Omitted
			} else if st.i[k], err = parseVecI64(t); err == nil && st.i[k] == Omitted {
				err = fmt.Errorf("%s is MMF_POS_DEFAULT in the C API: write '-' for an omitted argument", t)
			}
		case 'b':
			st.b, err = parseVecBytes(t)
		}
		if err != nil {
			return err
		}
	}
	if arrow+1 >= len(tok) {
		return errors.New("missing status after '=>'")
	}
	if st.status, err = parseVecStatus(tok[arrow+1]); err != nil {
		return err
	}
	nres := 0
	if st.status == StatusOK && info[1] != "" {
		nres = 1
	}
	if len(tok)-(arrow+2) != nres {
		return fmt.Errorf("%s => %s takes %d result(s), got %d", st.op, st.status, nres, len(tok)-(arrow+2))
	}
	if st.op == "closed" && st.status != StatusOK {
		return errors.New("closed always returns OK")
	}
	if nres == 1 {
		t := tok[arrow+2]
		st.hasResult = true
		switch info[1] {
		case "b":
			st.resultBytes, err = parseVecBytes(t)
		case "u":
			st.resultInt, err = parseVecU64(t)
		default:
			var v int64
			v, err = parseVecI64(t)
			st.resultInt = uint64(v)
		}
	}
	return err
}

// parseVecFile parses a whole file strictly; an error names file:line.
func parseVecFile(path, name string) ([]vecStmt, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s:0: cannot open: %v", name, err)
	}
	var stmts []vecStmt
	pending, pendingLine, curSetup := false, 0, -1
	// a "@windows => STATUS [result]" line waiting for its statement
	var winTok []string
	winLine := 0
	lines := strings.Split(string(data), "\n")
	for k, line := range lines {
		lineNo := k + 1
		fail := func(err error) ([]vecStmt, error) { return nil, fmt.Errorf("%s:%d: %v", name, lineNo, err) }
		if strings.IndexByte(line, 0) >= 0 {
			return fail(errors.New("NUL byte in line"))
		}
		line = strings.TrimSuffix(line, "\r")
		if strings.IndexByte(line, '\t') >= 0 {
			return fail(errors.New("tabs are not allowed, separate tokens with spaces"))
		}
		var tok []string
		for _, t := range strings.Split(line, " ") {
			if t != "" {
				tok = append(tok, t)
			}
		}
		if len(tok) == 0 || tok[0][0] == '#' {
			continue
		}
		if tok[0] == "@improvement" {
			if len(tok) < 2 {
				return fail(errors.New("@improvement needs a reason"))
			}
			if pending {
				return fail(errors.New("two @improvement lines in a row"))
			}
			pending, pendingLine = true, lineNo
			continue
		}
		if tok[0] == "@windows" {
			if len(tok) < 3 || tok[1] != "=>" {
				return fail(errors.New("@windows needs '=> STATUS [result]'"))
			}
			if winTok != nil {
				return fail(errors.New("two @windows lines in a row"))
			}
			if len(tok)-1 > vecMaxWinTokens {
				return fail(errors.New("@windows has too many tokens"))
			}
			winTok, winLine = tok[1:], lineNo
			continue
		}
		if tok[0][0] == '@' {
			return fail(fmt.Errorf("unknown directive '%s'", tok[0]))
		}
		for _, t := range tok {
			for j := 0; j < len(t); j++ {
				if t[j] < 0x21 || t[j] > 0x7e {
					return fail(fmt.Errorf("non-ASCII or control byte 0x%02X outside a comment", t[j]))
				}
			}
		}
		pending = false
		st := vecStmt{line: lineNo}
		if tok[0] == "setup" {
			if err := parseVecSetup(tok, &st); err != nil {
				return fail(err)
			}
			curSetup = len(stmts)
		} else {
			if curSetup < 0 {
				return fail(errors.New("call before the first setup"))
			}
			if err := parseVecCall(tok, &st); err != nil {
				return fail(err)
			}
			if stmts[curSetup].status != StatusOK {
				return fail(fmt.Errorf("calls after a setup that must fail (line %d)", stmts[curSetup].line))
			}
			if st.op == "file" && stmts[curSetup].anon {
				return fail(errors.New("'file' in an anon section"))
			}
		}
		if winTok != nil {
			alt, err := windowsVariant(st, tok, winTok)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", name, winLine, err)
			}
			if runtime.GOOS == "windows" {
				st = alt
			}
			winTok = nil
		}
		stmts = append(stmts, st)
	}
	if pending {
		return nil, fmt.Errorf("%s:%d: @improvement not followed by a statement", name, pendingLine)
	}
	if winTok != nil {
		return nil, fmt.Errorf("%s:%d: @windows not followed by a statement", name, winLine)
	}
	return stmts, nil
}

// vecMaxWinTokens bounds a @windows line (as runner.c's MAX_WIN_TOKENS).
const vecMaxWinTokens = 8

// windowsVariant is the statement with everything from "=>" on replaced by
// a @windows line's tokens: parsed on every platform (a malformed one is a
// malformed vector everywhere), used on Windows only.
func windowsVariant(st vecStmt, tok, win []string) (vecStmt, error) {
	var altTok []string
	for _, t := range tok {
		if t == "=>" {
			break
		}
		altTok = append(altTok, t)
	}
	altTok = append(altTok, win...)
	alt := vecStmt{line: st.line}
	var err error
	if st.setup {
		err = parseVecSetup(altTok, &alt)
	} else {
		err = parseVecCall(altTok, &alt)
	}
	return alt, err
}

// vecGot is what a call did: a status, and a result when OK.
type vecGot struct {
	status    Status
	err       error
	hasResult bool
	bytes     []byte
	rint      uint64
}

func clampInt(v uint64) int {
	if v > math.MaxInt {
		return math.MaxInt
	}
	return int(v)
}

// readBuffer sizes a read of at most limit bytes: never more than the map
// holds (as runner.c's read_buffer_size).
func readBuffer(m *Map, limit uint64) []byte {
	if n := m.Len(); uint64(n) < limit {
		limit = uint64(n)
	}
	return make([]byte, clampInt(limit))
}

type vecRun struct {
	m     *Map
	path  string
	views []*View
}

func (r *vecRun) call(st *vecStmt) vecGot {
	var g vecGot
	m := r.m
	var err error
	switch st.op {
	case "read":
		buf := readBuffer(m, st.u[0])
		var n int
		n, err = m.Read(buf)
		if err == io.EOF {
			err = nil
		}
		g.bytes = buf[:n]
	case "read_byte":
		var b byte
		b, err = m.ReadByte()
		if err == io.EOF {
			err = newError(StatusOutOfRange, "ReadByte: io.EOF")
		}
		g.rint = uint64(b)
	case "readline":
		g.bytes, err = m.ReadLineMax(clampInt(st.u[0]))
		if err == io.EOF {
			err = nil
		}
	case "write":
		_, err = m.Write(st.b)
	case "write_byte":
		err = m.WriteByte(byte(st.u[0]))
	case "seek":
		var pos int64
		pos, err = m.Seek(st.i[0], int(st.i[1]))
		g.rint = uint64(pos)
	case "tell":
		var pos int64
		pos, err = m.Tell()
		g.rint = uint64(pos)
	case "read_at":
		buf := readBuffer(m, st.u[1])
		var n int
		n, err = m.ReadAt(buf, int64(st.u[0]))
		if err == io.EOF {
			err = nil
		}
		g.bytes = buf[:n]
	case "write_at":
		_, err = m.WriteAt(st.b, int64(st.u[0]))
	case "find", "rfind":
		var i int64
		if st.op == "find" {
			i, err = m.FindRange(st.b, st.i[1], st.i[2])
		} else {
			i, err = m.RFindRange(st.b, st.i[1], st.i[2])
		}
		g.rint = uint64(i)
	case "move":
		err = m.Move(int64(st.u[0]), int64(st.u[1]), int64(st.u[2]))
	case "flush":
		err = m.FlushRange(int64(st.u[0]), int64(st.u[1]), FlushSync)
	case "resize":
		err = m.Resize(int64(st.u[0]))
	case "len", "size":
		var n int64
		if st.op == "len" {
			n, err = checkedLen(m)
		} else {
			n, err = m.Size()
		}
		g.rint = uint64(n)
	case "madvise":
		err = m.Madvise(Advice(st.i[0]), int64(st.u[1]), int64(st.u[2]))
	case "acquire":
		var v *View
		v, err = m.View()
		if err == nil {
			r.views = append(r.views, v)
			g.rint = uint64(len(v.Bytes()))
		}
	case "release":
		if k := len(r.views); k > 0 {
			err = r.views[k-1].Release()
			r.views = r.views[:k-1]
		} else {
			err = rawRelease(m)
		}
	case "close":
		err = m.Close()
	case "closed":
		if m.Closed() {
			g.rint = 1
		}
	case "content":
		var n int64
		if n, err = checkedLen(m); err == nil {
			buf := make([]byte, clampInt(uint64(n)))
			var got int
			got, err = m.ReadAt(buf, 0)
			if err == nil && got != len(buf) {
				err = fmt.Errorf("content: short read %d of %d", got, len(buf))
			}
			g.bytes = buf[:got]
		}
	case "file":
		g.bytes, err = os.ReadFile(r.path)
	}
	g.err = err
	g.status = StatusOf(err)
	g.hasResult = g.status == StatusOK && vecOps[st.op][1] != ""
	return g
}

// rawRelease is mmf_buffer_release with no View held: the View API cannot
// express it, the vectors check its status (INVALID_ARGUMENT, CLOSED).
// checkedLen is mmf_length's status and value, which the vectors expect
// (CLOSED for a closed map), through internal/native; it fails unless the
// public, infallible Len agrees: the same length, or 0 for a closed map.
func checkedLen(m *Map) (int64, error) {
	nat, err := m.begin("len")
	if err != nil {
		return 0, err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	n := int64(nat.Length(r))
	err = takeError(r)
	want := n
	if err != nil {
		want = 0
	}
	if got := m.Len(); got != want {
		return 0, fmt.Errorf("Len() is %d, mmf_length gave %d (%v)", got, n, err)
	}
	return n, err
}

func rawRelease(m *Map) error {
	nat, err := m.begin("release")
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(m)
	r := getRecord()
	nat.Buffer_release(r)
	return takeError(r)
}

func (st *vecStmt) matches(g *vecGot) bool {
	if g.status != st.status {
		return false
	}
	if !st.hasResult {
		return true
	}
	if vecOps[st.op][1] == "b" {
		return bytes.Equal(g.bytes, st.resultBytes)
	}
	return g.rint == st.resultInt
}

func vecShowBytes(b []byte) string {
	var sb strings.Builder
	sb.WriteString("s:")
	for _, c := range b {
		if c >= 0x21 && c <= 0x7e && c != '%' {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "%%%02X", c)
		}
	}
	return sb.String()
}

func vecShow(op string, status Status, has bool, b []byte, v uint64) string {
	s := status.String()
	if !has {
		return s
	}
	switch vecOps[op][1] {
	case "b":
		return s + " " + vecShowBytes(b)
	case "i":
		return s + " " + strconv.FormatInt(int64(v), 10)
	}
	return s + " " + strconv.FormatUint(v, 10)
}

// messageMissing: a failure must carry the library's message.
func messageMissing(err error) bool {
	var e *Error
	return err != nil && (!errors.As(err, &e) || e.Message == "")
}

type vecCounts struct{ passed, failed int }

func runVecSection(t *testing.T, name string, stmts []vecStmt, dir string, c *vecCounts) {
	setup := &stmts[0]
	calls := stmts[1:]
	failAll := func(format string, args ...any) {
		t.Errorf("FAIL %s:%d: setup: "+format, append([]any{name, setup.line}, args...)...)
		if setup.status == StatusOK {
			c.failed += len(calls)
			if len(calls) == 0 {
				c.failed++
			}
		} else {
			c.failed++
		}
	}
	opts := []Option{WithAccess(setup.access), WithFlags(setup.flags)}
	var m *Map
	var err error
	path := ""
	if setup.anon {
		m, err = Anonymous(int64(setup.anonLength), opts...)
	} else {
		f, ferr := os.CreateTemp(dir, "mmf-conf-")
		if ferr == nil {
			_, ferr = f.Write(setup.content)
			if cerr := f.Close(); ferr == nil {
				ferr = cerr
			}
		}
		if ferr != nil {
			failAll("cannot create a temporary file: %v", ferr)
			return
		}
		path = f.Name()
		defer os.Remove(path)
		opts = append(opts, WithOffset(int64(setup.offset)), WithLength(int64(setup.length)))
		m, err = Open(path, opts...)
	}
	got := StatusOf(err)
	if got != setup.status || messageMissing(err) {
		failAll("expected %s, got %s (%v)", setup.status, got, err)
		if m != nil {
			_ = m.Close()
		}
		return
	}
	if setup.status != StatusOK {
		c.passed++
		return
	}
	run := &vecRun{m: m, path: path}
	for k := range calls {
		st := &calls[k]
		// Every call runs, as the section's state needs it; only the check
		// is a subtest, so `-run 'TestConformance/<file>/L<n>/L<m>_<op>'`
		// reports one vector (its section still runs up to it).
		g := run.call(st)
		t.Run(fmt.Sprintf("L%d_%s", st.line, st.op), func(t *testing.T) {
			switch {
			case !st.matches(&g):
				t.Errorf("FAIL %s:%d: %s: expected %s, got %s (%v)", name, st.line, st.op,
					vecShow(st.op, st.status, st.hasResult, st.resultBytes, st.resultInt),
					vecShow(st.op, g.status, g.hasResult, g.bytes, g.rint), g.err)
				c.failed++
			case messageMissing(g.err):
				t.Errorf("FAIL %s:%d: %s: %s as expected, but the error has no message: %#v", name, st.line, st.op, g.status, g.err)
				c.failed++
			default:
				c.passed++
			}
		})
	}
	for k := len(run.views) - 1; k >= 0; k-- {
		_ = run.views[k].Release()
	}
	if err := m.Close(); err != nil {
		t.Errorf("%s:%d: closing the section's map: %v", name, setup.line, err)
	}
}

// vectorDir is $MMF_CONFORMANCE_VECTORS, or the repository's vectors next
// to this module; "" when neither exists (a copy of the module alone).
func vectorDir(t *testing.T) string {
	if d := os.Getenv("MMF_CONFORMANCE_VECTORS"); d != "" {
		return d // must exist: set by CTest
	}
	d := filepath.Join("..", "..", "tests", "conformance", "vectors")
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return d
}

func TestConformance(t *testing.T) {
	dir := vectorDir(t)
	if dir == "" {
		t.Skip("no conformance vectors: set MMF_CONFORMANCE_VECTORS to tests/conformance/vectors of the mmf repository")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	var files []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".vec") && !strings.HasPrefix(e.Name(), ".") {
			files = append(files, e.Name())
		}
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("conformance: no .vec files in %s", dir)
	}
	tmp := t.TempDir()
	var c vecCounts
	// One subtest per file, one per section in it (named by the line of its
	// setup) and one per call (its line and op), as go test -v lists them.
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			stmts, err := parseVecFile(filepath.Join(dir, name), name)
			if err != nil {
				t.Fatalf("malformed vector: %v", err)
			}
			for k := 0; k < len(stmts); {
				end := k + 1
				for end < len(stmts) && !stmts[end].setup {
					end++
				}
				section := stmts[k:end]
				t.Run(fmt.Sprintf("L%d", section[0].line), func(t *testing.T) {
					runVecSection(t, name, section, tmp, &c)
				})
				k = end
			}
		})
	}
	// The closing line CTest matches (as runner.c prints it).
	fmt.Printf("conformance: %d passed, %d failed, %d skipped\n", c.passed, c.failed, 0)
	if c.passed == 0 {
		t.Fatal("conformance: no vector ran")
	}
}

// The parser is as strict as runner.c's: malformed lines are reported with
// file:line.
func TestConformanceParserRejectsMalformed(t *testing.T) {
	bad := map[string]string{
		"call before setup":    "read 1 => OK s:\n",
		"unknown op":           "setup anon 4\nfrobnicate => OK\n",
		"bad escape":           "setup file s:%G1\n",
		"tab":                  "setup anon 4\nlen\t=> OK 4\n",
		"missing status":       "setup anon 4\nlen =>\n",
		"result on failure":    "setup anon 4\nlen => CLOSED 4\n",
		"u64 overflow":         "setup anon 18446744073709551616\n",
		"byte out of range":    "setup anon 4\nwrite_byte 256 => OK\n",
		"explicit pos min":     "setup anon 4\nfind s:a -9223372036854775808 - => OK 0\n",
		"dangling improvement": "setup anon 4\n@improvement why\n",
		"calls after failure":  "setup anon 0 => INVALID_ARGUMENT\nlen => OK 0\n",
		"file in anon":         "setup anon 4\nfile => OK s:\n",
		"bad @windows":         "setup anon 4\n@windows => NOPE\nlen => OK 4\n",
		"@windows no arrow":    "setup anon 4\n@windows OK\nlen => OK 4\n",
		"dangling @windows":    "setup anon 4\n@windows => OK 4\n",
	}
	dir := t.TempDir()
	for what, text := range bad {
		p := filepath.Join(dir, "x.vec")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := parseVecFile(p, "x.vec"); err == nil || !strings.HasPrefix(err.Error(), "x.vec:") {
			t.Errorf("%s: parsed without error (%v)", what, err)
		}
	}
	good := "# c\n\nsetup file s:ab%0A access=read\r\nread 5 => OK s:ab%0A\n@improvement x\n@windows => UNSUPPORTED\nlen => OK 3\n"
	p := filepath.Join(dir, "g.vec")
	if err := os.WriteFile(p, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err := parseVecFile(p, "g.vec"); err != nil || len(st) != 3 || !bytes.Equal(st[0].content, []byte("ab\n")) {
		t.Fatalf("good file: %v %+v", err, st)
	}
}
