package bench

import "testing"

// mt19937_64 is C++'s std::mt19937_64, so that the typed reads run at the
// very positions bench/c/bench_c.cpp's read_at_random rows use (seed 7).
type mt19937_64 struct {
	mt [312]uint64
	i  int
}

func newMT19937_64(seed uint64) *mt19937_64 {
	m := &mt19937_64{i: 312}
	m.mt[0] = seed
	for i := 1; i < 312; i++ {
		m.mt[i] = 6364136223846793005*(m.mt[i-1]^(m.mt[i-1]>>62)) + uint64(i)
	}
	return m
}

func (m *mt19937_64) next() uint64 {
	const n, mid = 312, 156
	const upper, lower = 0xFFFFFFFF80000000, 0x7FFFFFFF
	if m.i >= n {
		for i := 0; i < n; i++ {
			x := m.mt[i]&upper | m.mt[(i+1)%n]&lower
			xa := x >> 1
			if x&1 != 0 {
				xa ^= 0xB5026F5AA96619E9
			}
			m.mt[i] = m.mt[(i+mid)%n] ^ xa
		}
		m.i = 0
	}
	x := m.mt[m.i]
	m.i++
	x ^= (x >> 29) & 0x5555555555555555
	x ^= (x << 17) & 0x71D67FFFEDA60000
	x ^= (x << 37) & 0xFFF7EEE000000000
	x ^= x >> 43
	return x
}

// The C++ standard's check of std::mt19937_64: the 10000th value of a
// default-seeded (5489) engine.
func TestMT19937_64(t *testing.T) {
	m := newMT19937_64(5489)
	var v uint64
	for i := 0; i < 10000; i++ {
		v = m.next()
	}
	if v != 9981545732273789042 {
		t.Fatalf("10000th value %d", v)
	}
}
