package printers

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Profile describes what a printer model can do. Layouts take their widths
// from it; the encoder takes the code page and the QR method.
type Profile struct {
	Name        string
	Description string
	Dots        int       // printable width in dots: 384 for 58 mm; 512 (180 dpi), 576 or 640 for 80 mm
	ColumnsA    int       // characters per line in font A (12 x 24 dots)
	ColumnsB    int       // characters per line in font B (9 x 17 dots)
	CodePage    *CodePage // selected with ESC t n at the start of every job
	NativeQR    bool      // understands GS ( k; otherwise the QR code is sent as a raster image
	// ConfirmPrint: the printer answers GS r 1 once everything before it has
	// printed. The spooler uses it to know a job came out of the printer
	// rather than merely reached its buffer.
	ConfirmPrint bool
	// DPI is the resolution along the paper, which ESC J and GS V count in:
	// 203 (8 dots/mm, the default when 0) or 180 (the TM-T88).
	DPI int
	// CutterFeedMM is the paper the partial cut (GS V 66 0) feeds from the
	// print head to the cutter before it cuts: about 15 mm on Epson heads.
	// A ticket's printed part is its stock's length minus this.
	CutterFeedMM float64
}

var profiles = map[string]Profile{
	"tm-t20": {
		Name: "tm-t20", Description: "Epson TM-T20 family, 80 mm paper",
		Dots: 576, ColumnsA: 48, ColumnsB: 64, CodePage: CP858, NativeQR: true, ConfirmPrint: true, CutterFeedMM: 15,
	},
	"tm-t88": {
		Name: "tm-t88", Description: "Epson TM-T88 in 42-column mode, 80 mm paper, 180 dpi",
		Dots: 512, ColumnsA: 42, ColumnsB: 56, CodePage: CP858, NativeQR: true, ConfirmPrint: true, CutterFeedMM: 15, DPI: 180,
	},
	"generic80": {
		Name: "generic80", Description: "ESC/POS printer, 80 mm paper, 576 dots, native QR",
		Dots: 576, ColumnsA: 48, ColumnsB: 64, CodePage: CP858, NativeQR: true, ConfirmPrint: true, CutterFeedMM: 15,
	},
	"generic80-640": {
		Name: "generic80-640", Description: "ESC/POS printer printing the full 80 mm width (640 dots)",
		Dots: 640, ColumnsA: 53, ColumnsB: 71, CodePage: CP858, NativeQR: true, ConfirmPrint: true, CutterFeedMM: 15,
	},
	"generic80-noqr": {
		Name: "generic80-noqr", Description: "ESC/POS printer, 80 mm paper, QR code sent as an image",
		Dots: 576, ColumnsA: 48, ColumnsB: 64, CodePage: CP858, NativeQR: false, ConfirmPrint: true, CutterFeedMM: 15,
	},
	"generic58": {
		Name: "generic58", Description: "ESC/POS printer, 58 mm paper, QR code sent as an image",
		Dots: 384, ColumnsA: 32, ColumnsB: 42, CodePage: CP858, NativeQR: false, ConfirmPrint: true, CutterFeedMM: 15,
	},
}

// DefaultProfile is the profile used when none is named.
const DefaultProfile = "tm-t20"

// LookupProfile returns the named profile. An unknown name gets an error that
// lists the known ones.
func LookupProfile(name string) (Profile, error) {
	if name == "" {
		name = DefaultProfile
	}
	p, ok := profiles[strings.ToLower(name)]
	if !ok {
		return Profile{}, fmt.Errorf("there is no printer profile named %q; the profiles are %s", name, strings.Join(ProfileNames(), ", "))
	}
	return p, nil
}

// ProfileNames lists the named profiles, sorted.
func ProfileNames() []string {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (p Profile) codePage() *CodePage {
	if p.CodePage == nil {
		return CP858
	}
	return p.CodePage
}

func (p Profile) colsA() int {
	if p.ColumnsA > 0 {
		return p.ColumnsA
	}
	if p.Dots > 0 {
		return p.Dots / 12
	}
	return 48
}

func (p Profile) colsB() int {
	if p.ColumnsB > 0 {
		return p.ColumnsB
	}
	return p.colsA() * 4 / 3
}

func (p Profile) dots() int {
	if p.Dots > 0 {
		return p.Dots
	}
	return p.colsA() * 12
}

// DotsPerMM is the printer's resolution: 8 for a 203 dpi head (which is
// 203.2 dpi, 8 dots/mm exactly), 180/25.4 for the TM-T88.
func (p Profile) DotsPerMM() float64 {
	if p.DPI == 0 || p.DPI == 203 {
		return 8
	}
	return float64(p.DPI) / 25.4
}

// mmDots converts a length in millimetres to dots, rounded.
func (p Profile) mmDots(mm float64) int {
	return int(math.Round(mm * p.DotsPerMM()))
}

// StockDots is the length of a ticket of format f on this printer, in dots:
// what the encoder prints and feeds plus the cutter's feed.
func (p Profile) StockDots(f Format) int { return p.mmDots(f.LengthMM()) }

// CutterFeedDots is CutterFeedMM in dots.
func (p Profile) CutterFeedDots() int { return p.mmDots(p.CutterFeedMM) }
