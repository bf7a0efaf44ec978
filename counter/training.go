package counter

import (
	"strings"

	"guichet/local"
)

// Training mode, for new cashiers: a till unlocked on the training
// service sells into a register of its own beside the real one
// (<db>.training, register id + "T", its own journal and key), so a
// training sale never touches the real stock, capacity, codes or totals
// and no report of the real register sees it. Its tickets and receipts
// print on the same printer, through the real service's spooler, with
// "TRAINING — NOT VALID" across them (signed with the training key, which
// no door knows); the cash drawer stays shut.

// TrainingPath is the training register's file beside a register's.
func TrainingPath(db string) string { return db + ".training" }

// IsTrainingRegister says whether reg is a training register: its file
// says so (the counter's training mode opens it so), or, for a file an
// older version made, it is where Training opens it (TrainingPath). A
// report of training sales must never pass for the real register's. Not
// by its id: K01's training register is K01T, but a real register may be
// named EST or OUEST.
func IsTrainingRegister(reg *local.Register) bool {
	return reg.Training() || strings.HasSuffix(reg.Path(), ".training")
}

// trainingJob prefixes the training register's print job ids in the real
// spooler's queue (job ids are numbers).
const trainingJob = "T"

// Training is the training service beside this one, opened at its first
// use and closed with this one. On a training service it is itself.
func (s *Service) Training() (*Service, error) {
	if s.training {
		return s, nil
	}
	s.trainMu.Lock()
	defer s.trainMu.Unlock()
	if s.trainee != nil {
		return s.trainee, nil
	}
	reg, err := local.Open(local.Options{Path: TrainingPath(s.reg.Path()), Register: s.reg.ID() + "T", Catalog: s.Catalog(), Now: s.now, Training: true})
	if err != nil {
		return nil, err
	}
	t, err := New(reg, Options{Catalog: s.Catalog(), Now: s.now, Lang: s.lang, Receipts: s.policy, Profile: &s.prof})
	if err != nil {
		reg.Close()
		return nil, err
	}
	t.own, t.training, t.spool = true, true, s.spool // printed by this service's spooler
	// The screens subscribe to this service's Changes: a trainee's hold or
	// sale tells them too, so a training till is told as a real one is.
	reg.OnChange(func() { t.changes.tell(); s.changes.tell() })
	s.trainee = t
	return t, nil
}

// IsTraining says the service sells in training: the screens show a
// banner, the paper says TRAINING — NOT VALID.
func (s *Service) IsTraining() bool { return s.training }

func (s *Service) traineeIfOpen() *Service {
	s.trainMu.Lock()
	defer s.trainMu.Unlock()
	return s.trainee
}

// trainingJobs are the training register's print jobs, for the real
// spooler: their ids prefixed, its drawer kicks dropped (the drawer holds
// the real cash; a training till queues none, but a training file an older
// version wrote may hold some).
func (s *Service) trainingJobs() ([]jobWithID, error) {
	tr := s.traineeIfOpen()
	if tr == nil {
		return nil, nil
	}
	jobs, err := printQueue{tr}.Pending()
	if err != nil {
		return nil, err
	}
	var out []jobWithID
	for _, j := range jobs {
		if j.Drawer {
			if err := tr.reg.DropPrintJob(j.ID, "training: the cash drawer stays shut"); err != nil {
				return nil, err
			}
			continue
		}
		j.ID = trainingJob + j.ID
		out = append(out, j)
	}
	return out, nil
}

// markPrintedAll records printed jobs in the registers they came from: one
// commit for those of each register (a sale's tickets and receipt), which
// a till's next sale may share (local.Register.MarkPrintedShared).
func (s *Service) markPrintedAll(ids []string) error {
	var own, trained []string
	tr := s.traineeIfOpen()
	for _, id := range ids {
		if rest, ok := strings.CutPrefix(id, trainingJob); ok && tr != nil {
			trained = append(trained, rest)
		} else {
			own = append(own, id) // as markPrinted: not found, without the trainee
		}
	}
	if len(trained) > 0 {
		if err := tr.reg.MarkPrintedShared(trained...); err != nil {
			return err
		}
	}
	if len(own) == 0 {
		return nil
	}
	return s.reg.MarkPrintedShared(own...)
}

// printJobWaiting asks the register a job came from whether it still
// waits (a training job whose register closed does not).
func (s *Service) printJobWaiting(id string) (bool, error) {
	if rest, ok := strings.CutPrefix(id, trainingJob); ok {
		if tr := s.traineeIfOpen(); tr != nil {
			return tr.reg.PrintJobWaiting(rest)
		}
		return false, nil
	}
	return s.reg.PrintJobWaiting(id)
}

// markPrinted records a printed job in the register it came from.
func (s *Service) markPrinted(id string) error {
	if rest, ok := strings.CutPrefix(id, trainingJob); ok {
		if tr := s.traineeIfOpen(); tr != nil {
			return tr.reg.MarkPrintedShared(rest)
		}
	}
	return s.reg.MarkPrintedShared(id)
}
