package printers

// SampleTicket returns a made-up ticket with every field set and French,
// German and Italian accents, for `guichet print-test`, previews and tests.
func SampleTicket(f Format, lang string) Ticket {
	return Ticket{
		Format:       f,
		Organiser:    "Théâtre de la Côte",
		Event:        "Hänsel und Gretel — opéra-conte",
		When:         "sam. 12 déc. 2026 20:00",
		Venue:        "Salle Müller, Genève",
		Zone:         "Parterre",
		Row:          "C",
		Seat:         "14",
		Category:     "Adulte",
		Price:        "CHF 25.00",
		RegularPrice: "CHF 30.00",
		OfferName:    "Été à Genève",
		OrderNumber:  "K01-100234",
		TicketNumber: "K01-100234-01",
		CustomText:   "Ouverture des portes à 19h30, ça commence à l’heure.\nProgramme au foyer : 5 € — « Città », Köln, œuvre…",
		Customer:     "Zoë Jäger",
		QRPayload:    SampleQRPayload,
		Lang:         lang,
	}
}

// SampleQRPayload is a ticket code of the register's shape and length ("G2:"
// and base32: a version 7 QR code at level M), signed with a key whose seed
// is all zeros, so no door accepts it. `guichet print-test` signs its
// sample with a real key instead.
const SampleQRPayload = "G2:JMYDCLJRGAYDEMZUFUYDC7DIMFXHGZLMFUYDG7DQMFZHIZLSOJSXYQZNGE2HYYLEOVWHIZL452ZZ4RSCTNK7KNP7L6BAS4G74FZOJJYJ2WOXVFHYQXEAQOLROWIYN5VR3T3YWLNUTD34437WB2JLTVCQ3QSPT75Q33EYU7BC3YTTIDQ"

// SampleReceipt returns a made-up receipt for a cash sale with a discount, a
// fee, rounding and change.
func SampleReceipt(lang string) Receipt {
	return Receipt{
		Organiser:   "Théâtre de la Côte",
		Register:    "Guichet 1",
		Staff:       "Noémie",
		OrderNumber: "K01-100234",
		When:        "sam. 12 déc. 2026 19:12",
		Lines: []ReceiptLine{
			{Text: "Hänsel und Gretel - Adulte", Qty: 2, Amount: "CHF 50.00", Regular: "CHF 60.00", OfferName: "Été à Genève"},
			{Text: "Hänsel und Gretel - Enfant", Qty: 1, Amount: "CHF 15.00"},
			{Text: "Bon cadeau « Città »", Qty: 1, Amount: "CHF 20.00"},
		},
		Discounts:  []ReceiptLine{{Text: "Été à Genève", Amount: "CHF -10.00"}},
		Fees:       []ReceiptLine{{Text: "Frais de réservation", Qty: 3, Amount: "CHF 2.98"}},
		Total:      "CHF 77.98",
		Payments:   []ReceiptLine{{Text: "Espèces", Amount: "CHF 100.00"}},
		Rounding:   "CHF 0.02",
		Change:     "CHF 22.00",
		VAT:        "8.1% CHF 5.84",
		Lang:       lang,
		OpenDrawer: true,
	}
}
