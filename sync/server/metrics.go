package server

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	reg        *prometheus.Registry
	stored     prometheus.Counter
	batches    prometheus.Counter
	duplicates prometheus.Counter
	refused    *prometheus.CounterVec
	latency    prometheus.Histogram
	grants     prometheus.Counter
}

func newMetrics(s *Store) *metrics {
	m := &metrics{
		reg:        prometheus.NewRegistry(),
		stored:     prometheus.NewCounter(prometheus.CounterOpts{Name: "guichet_entries_stored_total", Help: "Journal entries stored (duplicates not counted)."}),
		batches:    prometheus.NewCounter(prometheus.CounterOpts{Name: "guichet_push_batches_total", Help: "Push batches accepted."}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{Name: "guichet_entries_duplicate_total", Help: "Entries pushed again and ignored."}),
		refused:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_push_refused_total", Help: "Push batches refused, by reason (gap, chain, tampered, key, signature...)."}, []string{"reason"}),
		grants:     prometheus.NewCounter(prometheus.CounterOpts{Name: "guichet_grant_requests_total", Help: "Grant requests answered."}),
		latency:    prometheus.NewHistogram(prometheus.HistogramOpts{Name: "guichet_push_seconds", Help: "Time to store an accepted batch.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}),
	}
	m.reg.MustRegister(m.grants, m.stored, m.batches, m.duplicates, m.refused, m.latency, registersCollector{s})
	return m
}

// registersCollector reads the registers' standing from the database at
// each scrape, so every guichetd behind a load balancer reports the same.
type registersCollector struct{ s *Store }

var (
	descSeen    = prometheus.NewDesc("guichet_registers_seen", "Enrolled registers that pushed at least once.", nil, nil)
	descLastSeq = prometheus.NewDesc("guichet_register_last_seq", "Last journal sequence stored for the register.", []string{"register"}, nil)
	descLag     = prometheus.NewDesc("guichet_register_lag_seconds", "Seconds since the register's last stored entry was written at the register.", []string{"register"}, nil)
	descPush    = prometheus.NewDesc("guichet_register_last_push_age_seconds", "Seconds since the register last pushed: it grows as well for a register running with nothing to push (see guichet_register_last_contact_age_seconds).", []string{"register"}, nil)
	descContact = prometheus.NewDesc("guichet_register_last_contact_age_seconds", "Seconds since the register last reached the server (a push, a catalog pull, a grant request): a register running idle pulls the catalog every few seconds and keeps it low, an offline one lets it grow.", []string{"register"}, nil)
)

func (registersCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descSeen
	ch <- descLastSeq
	ch <- descLag
	ch <- descPush
	ch <- descContact
}

func (c registersCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	regs, err := c.s.Registers(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descSeen, err)
		return
	}
	now := c.s.now()
	seen := 0
	for _, r := range regs {
		// A retired register is written off: its last push only ages,
		// and an alert on it would fire for good.
		if r.LastPush.IsZero() || !r.Retired.IsZero() {
			continue
		}
		seen++
		ch <- prometheus.MustNewConstMetric(descLastSeq, prometheus.GaugeValue, float64(r.LastSeq), r.Name)
		ch <- prometheus.MustNewConstMetric(descPush, prometheus.GaugeValue, now.Sub(r.LastPush).Seconds(), r.Name)
		if !r.LastTime.IsZero() {
			ch <- prometheus.MustNewConstMetric(descLag, prometheus.GaugeValue, now.Sub(r.LastTime).Seconds(), r.Name)
		}
		if !r.LastContact.IsZero() {
			ch <- prometheus.MustNewConstMetric(descContact, prometheus.GaugeValue, now.Sub(r.LastContact).Seconds(), r.Name)
		}
	}
	ch <- prometheus.MustNewConstMetric(descSeen, prometheus.GaugeValue, float64(seen))
}
