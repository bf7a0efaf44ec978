package main

import (
	"flag"
	"fmt"
	"time"

	"guichet/pos"
)

func init() {
	register("counter", "open the register at the counter (the default)", runCounter)
}

// runCounter is a placeholder until the counter screens land: it lists the
// performances of the catalog.
func runCounter(args []string) error {
	fs := flag.NewFlagSet("counter", flag.ContinueOnError)
	catalog := fs.String("catalog", "", "catalog file (default: the embedded demo box office)")
	lang := fs.String("lang", "fr", "language: fr or en")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	c, err := loadCatalog(*catalog, time.Now())
	if err != nil {
		return err
	}
	fmt.Printf("%s — %d performances\n\n", c.Organiser.Name, len(c.Performances))
	for _, p := range c.PerformancesByStart() {
		ev, _ := c.EventByID(p.Event)
		fmt.Printf("  %-22s %s\n", pos.FormatDateTime(p.Start, *lang), ev.Name.In(*lang))
	}
	return nil
}
