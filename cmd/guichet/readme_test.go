package main

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestTheREADMEsCommandLinesExist: every guichet command line the READMEs
// quote (in sh blocks, the systemd units' ExecStart and `code` spans) names
// a command that answers -h, with flags its usage lists; every make target
// they quote is in the Makefile. A technician installing from the README
// alone types them as written: a flag renamed in the code and not in the
// README is refused at the box office.
func TestTheREADMEsCommandLinesExist(t *testing.T) {
	makefile, err := os.ReadFile("../../Makefile")
	must(t, err)
	usages := map[string]string{} // "journal archive" -> its -h, with its command's
	usage := func(words ...string) (string, bool) {
		key := strings.Join(words, " ")
		if u, ok := usages[key]; ok {
			return u, u != ""
		}
		var out, errOut bytes.Buffer
		if code := run(append(words, "-h"), strings.NewReader(""), &out, &errOut); code != 0 {
			usages[key] = ""
			return "", false
		}
		usages[key] = out.String()
		return out.String(), true
	}
	lines := 0
	for _, file := range []string{"../../README.md", "../../fixtures/README.md"} {
		text, err := os.ReadFile(file)
		must(t, err)
		for _, c := range quotedCommands(string(text)) {
			where := strings.TrimPrefix(file, "../../") + ":" + c.line
			words := strings.Fields(c.text)
			if words[0] == "make" {
				if len(words) > 1 && !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(words[1])+`:`).Match(makefile) {
					t.Errorf("%s: %q: the Makefile has no target %s", where, c.text, words[1])
				}
				continue
			}
			lines++
			cmd := []string{"counter"}
			if len(words) > 1 && !strings.HasPrefix(words[1], "-") {
				cmd = []string{words[1]}
			}
			if cmd[0] == "help" {
				continue
			}
			u, ok := usage(cmd...)
			if !ok {
				t.Errorf("%s: %q: guichet %s does not answer -h", where, c.text, cmd[0])
				continue
			}
			// a subcommand's usage lists its own flags
			if len(words) > 2 {
				if sub := strings.SplitN(words[2], "|", 2)[0]; regexp.MustCompile(`^[a-z][a-z-]*$`).MatchString(sub) {
					if su, ok := usage(cmd[0], sub); ok {
						u += su
					}
				}
			}
			for _, w := range words[1:] {
				for _, f := range strings.Split(w, "|") {
					name, _, _ := strings.Cut(strings.TrimPrefix(f, "--"), "=")
					if !strings.HasPrefix(f, "--") || name == "" {
						continue
					}
					// listed as a flag, or named in a usage line
					if !regexp.MustCompile(`--` + regexp.QuoteMeta(name) + `([^a-z-]|$)`).MatchString(u) {
						t.Errorf("%s: %q: guichet %s has no flag --%s", where, c.text, cmd[0], name)
					}
				}
			}
		}
	}
	if lines < 50 {
		t.Errorf("found %d guichet command lines in the READMEs: the extraction no longer reads them", lines)
	}
}

type quotedCommand struct{ line, text string }

// quotedCommands are the command lines a README quotes: the lines of sh
// blocks (a comment, and sudo -u USER, taken off), the ExecStart of ini
// blocks (continuation lines joined), and `code` spans that begin with
// guichet or make. Brackets and backslashes of usage forms are spaces.
func quotedCommands(text string) []quotedCommand {
	var found []quotedCommand
	clean := strings.NewReplacer("[", " ", "]", " ", `\|`, "|", `\`, " ", "(", " ", ")", " ")
	add := func(n int, s string) {
		s = strings.TrimSpace(clean.Replace(s))
		if strings.HasPrefix(s, "guichet ") || s == "guichet" || strings.HasPrefix(s, "make ") {
			found = append(found, quotedCommand{strconv.Itoa(n), s})
		}
	}
	sudo := regexp.MustCompile(`^sudo -u \S+ `)
	lines := strings.Split(text, "\n")
	var prose []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if !strings.HasPrefix(l, "```") {
			prose = append(prose, l)
			continue
		}
		block, start := strings.TrimPrefix(l, "```"), i+1
		var body []string
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			body = append(body, lines[i])
			prose = append(prose, "")
		}
		prose = append(prose, "", "")
		switch block {
		case "sh":
			for j, b := range body {
				if k := strings.Index(b, " #"); k >= 0 {
					b = b[:k]
				}
				add(start+j, sudo.ReplaceAllString(b, ""))
			}
		case "ini":
			joined := strings.ReplaceAll(strings.Join(body, "\n"), "\\\n", " ")
			for _, b := range strings.Split(joined, "\n") {
				if exec, ok := strings.CutPrefix(b, "ExecStart=/usr/local/bin/"); ok {
					add(start, exec)
				}
			}
		}
	}
	// code spans, which may run over a line's end
	all := strings.Join(prose, "\n")
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatchIndex(all, -1) {
		add(strings.Count(all[:m[0]], "\n")+1, strings.ReplaceAll(all[m[2]:m[3]], "\n", " "))
	}
	return found
}
