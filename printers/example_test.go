package printers_test

import (
	"fmt"

	"guichet/printers"
)

func Example() {
	p, _ := printers.LookupProfile("generic58")
	b, _ := printers.EncodeTicket(printers.Ticket{
		Format: printers.Cinema, Event: "Amélie", When: "ven. 4 déc. 2026 18:30",
		Zone: "Salle 2", Category: "Étudiant", Price: "CHF 12.00",
		OrderNumber: "42", TicketNumber: "T-42-1", QRPayload: "T-42-1", Lang: "fr",
	}, p)
	doc, _ := printers.Decode(b)
	doc.Columns = p.ColumnsA
	fmt.Print(doc.Text())
	// Output:
	// [code page CP858]
	//         **[1x2 Amélie]**
	//    **ven. 4 déc. 2026 18:30**
	// **[1x2 Zone Salle 2  Placement libre]**
	// **Étudiant               CHF 12.00**
	// [image 208x203]
	//
	//   Commande 42 - Billet T-42-1
	// [feed 59 dots]
	// --- cut ---
}

func ExampleOpen() {
	_, err := printers.Open("lp0")
	fmt.Println(err)
	// Output: cannot use printer "lp0": it names no known kind of printer; write dev:/dev/usb/lp0 (a USB or parallel printer), tcp://192.168.1.50:9100 (a network printer; port 9100 by default), file:out.bin (append the bytes to a file) or preview (no printer: keep the ticket to show it on screen)
}
