package pos

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

func chf(minor int64) Money { return M(minor, "CHF") }

func TestMoneyPercentRoundsHalfUp(t *testing.T) {
	for _, tc := range []struct {
		name   string
		amount Money
		bp     int64
		want   int64
	}{
		{"exact", chf(1000), 2000, 200},
		{"half centime goes up", chf(10), 1500, 2}, // 1.5 -> 2
		{"below half goes down", chf(13), 1000, 1}, // 1.3 -> 1
		{"just above half", chf(1255), 2000, 251},  // 251.0
		{"odd amount", chf(4550), 3333, 1517},      // 1516.515 -> 1517
		{"negative half away from zero", chf(-10), 1500, -2},
		{"zero percent", chf(999), 0, 0},
		{"hundred percent", chf(999), 10000, 999},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.amount.Percent(tc.bp); got.Amount != tc.want || got.Currency != "CHF" {
				t.Errorf("%s x %d bp = %v, want %d", tc.amount, tc.bp, got, tc.want)
			}
		})
	}
}

func TestMoneyCashRoundingCHFToFiveCentimes(t *testing.T) {
	for in, want := range map[int64]int64{
		1000: 1000, 1001: 1000, 1002: 1000, 1003: 1005, 1004: 1005, 1005: 1005,
		1006: 1005, 1007: 1005, 1008: 1010, 1009: 1010, 0: 0, 2: 0, 3: 5,
	} {
		if got := chf(in).CashRounded(); got.Amount != want {
			t.Errorf("CHF cash rounding of %d = %d, want %d", in, got.Amount, want)
		}
	}
	if got := M(1003, "EUR").CashRounded(); got.Amount != 1003 {
		t.Errorf("EUR must not be cash rounded, got %v", got)
	}
}

func TestMoneyMixingCurrenciesIsAnError(t *testing.T) {
	if _, err := chf(100).Add(M(100, "EUR")); !errors.Is(err, ErrCurrencyMismatch) {
		t.Fatalf("CHF + EUR: err = %v, want ErrCurrencyMismatch", err)
	}
	if _, err := chf(100).Sub(M(1, "EUR")); !errors.Is(err, ErrCurrencyMismatch) {
		t.Fatalf("CHF - EUR: err = %v", err)
	}
	if got, err := (Money{}).Add(chf(5)); err != nil || got != chf(5) {
		t.Fatalf("zero + CHF 0.05 = %v, %v", got, err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Plus with mixed currencies must panic")
		}
	}()
	chf(1).Plus(M(1, "EUR"))
}

func TestMoneyFormatPerLanguage(t *testing.T) {
	for _, tc := range []struct {
		m    Money
		lang Lang
		want string
	}{
		{chf(1250), "en", "CHF 12.50"},
		{chf(1250), "fr", "CHF 12.50"},
		{chf(125000), "fr", "CHF 1’250.00"},
		{M(1250, "EUR"), "fr", "12,50 €"},
		{M(125050, "EUR"), "fr", "1 250,50 €"},
		{M(1250, "EUR"), "en", "€12.50"},
		{chf(-5), "en", "CHF -0.05"},
		{M(1500, "JPY"), "en", "JPY 1,500"},
	} {
		if got := tc.m.Format(tc.lang); got != tc.want {
			t.Errorf("%v in %s = %q, want %q", tc.m, tc.lang, got, tc.want)
		}
	}
}

// TestMoneyNumberForSpreadsheets: the amount alone, a decimal point and no
// thousands separator, as CSV exports write it for a spreadsheet to add up.
func TestMoneyNumberForSpreadsheets(t *testing.T) {
	for _, tc := range []struct {
		m    Money
		want string
	}{
		{chf(5000), "50.00"},
		{chf(125000), "1250.00"},
		{chf(-5), "-0.05"},
		{chf(0), "0.00"},
		{M(1500, "JPY"), "1500"},
		{M(125050, "EUR"), "1250.50"},
	} {
		if got := tc.m.Number(); got != tc.want {
			t.Errorf("%v.Number() = %q, want %q", tc.m, got, tc.want)
		}
	}
}

func TestParseMoneyCanonical(t *testing.T) {
	for in, want := range map[string]Money{
		"CHF 12.50": chf(1250), "CHF 12": chf(1200), "chf 0.05": chf(5), "CHF -3.5": chf(-350),
		"EUR 1,25": M(125, "EUR"), "JPY 300": M(300, "JPY"),
	} {
		got, err := ParseMoney(in)
		if err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"12.50", "CHF 12.505", "XYZ 1", "CHF abc", "CHF ", "CHF 1.2.3"} {
		if _, err := ParseMoney(bad); err == nil {
			t.Errorf("ParseMoney(%q) accepted", bad)
		}
	}
}

// Property: the canonical text of any amount reads back to the same amount.
func TestMoneyTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := M(rapid.Int64Range(-1e12, 1e12).Draw(t, "minor"), Currency(rapid.SampledFrom([]string{"CHF", "EUR", "JPY"}).Draw(t, "cur")))
		b, _ := m.MarshalText()
		var back Money
		if err := back.UnmarshalText(b); err != nil || back != m {
			t.Fatalf("%q read back as %v, %v", b, back, err)
		}
	})
}

func TestZeroMoneyWithoutCurrencyRoundTrips(t *testing.T) {
	b, err := Money{}.MarshalText()
	if err != nil || string(b) != "0" {
		t.Fatalf("zero money = %q, %v", b, err)
	}
	back := chf(5)
	if err := back.UnmarshalText(b); err != nil || back != (Money{}) {
		t.Fatalf("read back %v, %v", back, err)
	}
	if _, err := (Money{Amount: 5}).MarshalText(); err == nil {
		t.Error("an amount without currency must not be written")
	}
}

// Property: cash rounding moves an amount by at most 2 centimes onto a multiple of 5.
func TestCashRoundingNeverMovesMoreThanTwoCentimes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := chf(rapid.Int64Range(0, 1e9).Draw(t, "minor"))
		r := m.CashRounded()
		if d := r.Amount - m.Amount; d < -2 || d > 2 || r.Amount%5 != 0 {
			t.Fatalf("%v rounded to %v", m, r)
		}
	})
}

func TestSplitEvenlyAddsUpExactly(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := chf(rapid.Int64Range(0, 1e7).Draw(t, "minor"))
		n := rapid.IntRange(1, 50).Draw(t, "n")
		sum := int64(0)
		shares := SplitEvenly(m, n)
		for i, s := range shares {
			sum += s.Amount
			if i > 0 && (shares[0].Amount-s.Amount > 1 || s.Amount > shares[i-1].Amount) {
				t.Fatalf("uneven shares %v", shares)
			}
		}
		if sum != m.Amount {
			t.Fatalf("shares of %v add up to %d", m, sum)
		}
	})
}

// Sums and products that do not fit are refused, never wrapped around.
func TestMoneyArithmeticIsChecked(t *testing.T) {
	big := M(math.MaxInt64-1, "CHF")
	for _, tc := range []struct {
		name string
		run  func() (Money, error)
		want int64 // when no error
		err  bool
	}{
		{"add", func() (Money, error) { return M(1, "CHF").Add(M(2, "CHF")) }, 3, false},
		{"add past the top", func() (Money, error) { return big.Add(M(2, "CHF")) }, 0, true},
		{"add past the bottom", func() (Money, error) { return big.Neg().Add(M(-3, "CHF")) }, 0, true},
		{"sub past the bottom", func() (Money, error) { return M(-2, "CHF").Sub(big) }, 0, true},
		{"sub the smallest", func() (Money, error) { return M(0, "CHF").Sub(M(math.MinInt64, "CHF")) }, 0, true},
		{"mul", func() (Money, error) { return M(1235, "CHF").Mul(10000) }, 12350000, false},
		{"mul negative", func() (Money, error) { return M(-1235, "CHF").Mul(3) }, -3705, false},
		{"mul 2^62 by 500 wraps to 0", func() (Money, error) { return M(500, "CHF").Mul(4611686018427387904) }, 0, true},
		{"mul 7378697629483821 by 1250", func() (Money, error) { return M(1250, "CHF").Mul(7378697629483821) }, 0, true},
		{"mul by min int", func() (Money, error) { return M(-1, "CHF").Mul(math.MinInt64) }, 0, true},
	} {
		got, err := tc.run()
		if tc.err {
			if !errors.Is(err, ErrOverflow) {
				t.Errorf("%s: %v, %v; want ErrOverflow", tc.name, got, err)
			}
			continue
		}
		if err != nil || got.Amount != tc.want {
			t.Errorf("%s: %v, %v; want %d", tc.name, got, err, tc.want)
		}
	}
	// Percent works in 128 bits: 10 % of the largest catalog amount.
	if got := M(999_999_999_999_999, "CHF").Percent(1000); got.Amount != 100_000_000_000_000 {
		t.Errorf("10%% of 9'999'999'999'999.99 = %d", got.Amount)
	}
	if got := M(-15, "CHF").Percent(5000); got.Amount != -8 {
		t.Errorf("50%% of -0.15 = %d, want -0.08 (halves away from zero)", got.Amount)
	}
}

// TestMarshalTextIsString checks that MarshalText, which appends, writes
// String's text for every currency, sign and number of digits.
func TestMarshalTextIsString(t *testing.T) {
	amounts := []int64{0, 1, -1, 5, -5, 9, 10, 99, 100, -100, 101, 999, 1000, 1234, -1234, 100000, 123456789, 1<<62 + 7, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	for _, c := range []Currency{"CHF", "EUR", "USD", "GBP", "JPY", "XXX"} {
		for _, a := range amounts {
			m := Money{a, c}
			got, err := m.MarshalText()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != m.String() {
				t.Errorf("%d %s: MarshalText %q, String %q", a, c, got, m.String())
			}
		}
	}
}

// TestAmountsThatCannotMeetAreSaidInFrench: two currencies added said
// "amounts in different currencies (CHF and EUR)" on a French screen, and
// inside verify-archive's French (fmt.Errorf); it is a sentence now, and
// still ErrCurrencyMismatch.
func TestAmountsThatCannotMeetAreSaidInFrench(t *testing.T) {
	_, err := M(1000, "CHF").Add(M(500, "EUR"))
	if !errors.Is(err, ErrCurrencyMismatch) || err.Error() != "amounts in different currencies (CHF and EUR)" {
		t.Fatalf("CHF + EUR: %v", err)
	}
	if fr := Say(err, French); fr != "montants en monnaies différentes (CHF et EUR)" {
		t.Errorf("in French: %q", fr)
	}
}
