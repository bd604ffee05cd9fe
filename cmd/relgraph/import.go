package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// importOptions are the arguments of `relgraph import`.
type importOptions struct {
	file, project, label string
	batch                int  // top-level objects per transaction
	allStrings           bool // every value stored as a string
	progress             bool // progress lines on stderr even when it is not a terminal
}

// runImport is `relgraph import FILE --project ID --label TYPE [--batch N]`:
// it loads a JSON or NDJSON file of objects into a project through the
// database relgraph serve uses, batch by batch, and prints a summary.
func runImport(ctx context.Context, cfg Config, args []string) error {
	opts, err := parseImportArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	return withStore(ctx, cfg, func(store *graph.Store) error {
		bar := progressFor(os.Stderr, isTerminal(os.Stderr), opts.progress)
		sum, err := importFile(ctx, store, opts, bar)
		if err != nil {
			return err
		}
		fmt.Println(sum)
		return nil
	})
}

// parseImportArgs reads the flags, which may come before or after FILE.
func parseImportArgs(args []string) (importOptions, error) {
	var o importOptions
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.StringVar(&o.project, "project", "", "id of the project to import into (required)")
	fs.StringVar(&o.label, "label", "", "type of the top-level records (required); nested objects under key k become records of type k")
	fs.IntVar(&o.batch, "batch", 5000, "top-level objects (with their nested ones) per transaction")
	fs.BoolVar(&o.allStrings, "strings", false, "store every value as a string (Collect's suggestTypes: false)")
	fs.BoolVar(&o.progress, "progress", false, "show progress on stderr even when it is not a terminal (a line every 5 s); on a terminal a bar is always shown")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: relgraph import FILE --project ID --label TYPE [--batch N] [--strings] [--progress]\n"+
			"FILE is a JSON array or object, or NDJSON (one object per line: .ndjson, .jsonl, or detected).\n"+
			"Each batch is one transaction: a failure keeps the batches committed before it.")
		fs.PrintDefaults()
	}
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return o, err
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	var errs []error
	if len(files) != 1 {
		errs = append(errs, fmt.Errorf("import: name one FILE (got %d)", len(files)))
	} else {
		o.file = files[0]
	}
	if o.project == "" {
		errs = append(errs, errors.New("import: --project is required"))
	}
	if err := schema.CheckType("--label", o.label); err != nil {
		errs = append(errs, fmt.Errorf("import: %w", err))
	}
	if o.batch < 1 {
		errs = append(errs, fmt.Errorf("import: --batch %d: want at least 1", o.batch))
	}
	return o, errors.Join(errs...)
}

// importSummary is what an import wrote.
type importSummary struct {
	records, edges, batches int
	elapsed                 time.Duration
}

func (s importSummary) String() string {
	return fmt.Sprintf("imported %d records and %d edges in %d transactions, %.1f s (%.0f records/s)",
		s.records, s.edges, s.batches, s.elapsed.Seconds(), s.rate())
}

func (s importSummary) rate() float64 {
	if s.elapsed <= 0 {
		return 0
	}
	return float64(s.records) / s.elapsed.Seconds()
}

// importFile streams the objects of opts.file into the project, opts.batch
// top-level objects per transaction, telling bar how far it got. On an
// error the batches before it stay written; the error says where the file
// went wrong and how much was written.
func importFile(ctx context.Context, store *graph.Store, opts importOptions, bar *progress) (importSummary, error) {
	if _, err := store.Project(ctx, opts.project); err != nil {
		if errors.Is(err, graph.ErrNotFound) {
			return importSummary{}, fmt.Errorf("import: no project %s", opts.project)
		}
		return importSummary{}, err
	}
	f, err := os.Open(opts.file)
	if err != nil {
		return importSummary{}, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return importSummary{}, fmt.Errorf("import: %w", err)
	}
	bar.total = info.Size()
	r := &importReader{store: store, opts: opts, bar: bar, start: time.Now(), in: f}
	err = r.read(ctx)
	r.sum.elapsed = time.Since(r.start)
	if err == nil {
		r.pos = info.Size()
	}
	bar.done(r.sum, r.pos)
	if err != nil {
		return r.sum, fmt.Errorf("import: %w (%d records and %d edges in %d transactions were written before)",
			err, r.sum.records, r.sum.edges, r.sum.batches)
	}
	return r.sum, nil
}

// importReader streams one file into batches.
type importReader struct {
	store *graph.Store
	opts  importOptions
	bar   *progress
	start time.Time
	sum   importSummary
	in    io.Reader // the file
	pos   int64     // bytes of the file decoded so far
	imp   *graph.Import
	n     int // objects in imp
}

// read decodes the objects of the file: the items of a JSON array, or a
// stream of objects (NDJSON, or one JSON object).
func (r *importReader) read(ctx context.Context) error {
	in := bufio.NewReaderSize(r.in, 256<<10)
	first, skipped, err := firstByte(in)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(in)
	dec.UseNumber()
	array := first == '[' && !isNDJSON(r.opts.file)
	if array {
		if _, err := dec.Token(); err != nil {
			return err
		}
	}
	r.imp = graph.NewImport(r.opts.label, graph.ImportOptions{AllStrings: r.opts.allStrings})
	for i := 0; ; i++ {
		if array && !dec.More() {
			break
		}
		var v any
		if err := dec.Decode(&v); err == io.EOF && !array {
			break
		} else if err != nil {
			return fmt.Errorf("object %d, near byte %d: %w", i, skipped+dec.InputOffset(), err)
		}
		r.pos = skipped + dec.InputOffset()
		if err := r.imp.Add(v, "/"+strconv.Itoa(i)); err != nil {
			return fmt.Errorf("object %d, ending at byte %d: %w", i, r.pos, err)
		}
		if r.n++; r.n >= r.opts.batch {
			if err := r.flush(ctx); err != nil {
				return fmt.Errorf("the batch ending with object %d: %w", i, err)
			}
		}
		r.bar.update(r.sum, r.pos, false)
	}
	if err := r.flush(ctx); err != nil {
		return fmt.Errorf("the last batch: %w", err)
	}
	return nil
}

// flush writes the pending batch in one transaction.
func (r *importReader) flush(ctx context.Context) error {
	if r.imp.Len() == 0 {
		return nil
	}
	res, err := r.store.Import(ctx, r.opts.project, r.imp)
	if err != nil {
		return err
	}
	r.sum.records += res.Created
	r.sum.edges += res.Linked
	r.sum.batches++
	r.sum.elapsed = time.Since(r.start)
	r.imp, r.n = graph.NewImport(r.opts.label, graph.ImportOptions{AllStrings: r.opts.allStrings}), 0
	return nil
}

// firstByte reads past white space (and a byte order mark) and peeks at
// the first byte after it; skipped counts the bytes read past.
func firstByte(in *bufio.Reader) (first byte, skipped int64, err error) {
	for ; ; skipped++ {
		b, err := in.ReadByte()
		if err == io.EOF {
			return 0, skipped, errors.New("the file holds no JSON")
		}
		if err != nil {
			return 0, skipped, err
		}
		switch b {
		case ' ', '\t', '\r', '\n', 0xef, 0xbb, 0xbf:
			continue
		}
		return b, skipped, in.UnreadByte()
	}
}

func isNDJSON(file string) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".ndjson", ".jsonl":
		return true
	}
	return false
}

// progress shows how far an import got: on a terminal, a bar redrawn in
// place; otherwise a line every interval.
type progress struct {
	w        io.Writer
	terminal bool
	every    time.Duration
	total    int64 // the file's size in bytes; 0 when unknown
	start    time.Time
	shown    time.Time
}

func newProgress(w io.Writer, terminal bool, every time.Duration) *progress {
	return &progress{w: w, terminal: terminal, every: every, start: time.Now()}
}

// progressFor is the progress of an import writing to stderr: a bar when
// stderr is a terminal, a line every 5 s when asked (--progress),
// otherwise nothing (the summary goes to stdout either way).
func progressFor(stderr io.Writer, terminal, asked bool) *progress {
	if !terminal && !asked {
		stderr = io.Discard
	}
	return newProgress(stderr, terminal, 5*time.Second)
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// update shows sum and the bytes read, unless it showed them less than an
// interval ago (a tenth of a second on a terminal) and force is false.
func (p *progress) update(sum importSummary, read int64, force bool) {
	now := time.Now()
	every := p.every
	if p.terminal {
		every = 100 * time.Millisecond
	}
	if !force && now.Sub(p.shown) < every {
		return
	}
	p.shown = now
	line := p.line(sum, read, now.Sub(p.start))
	if p.terminal {
		fmt.Fprint(p.w, "\r\x1b[K"+line)
		return
	}
	fmt.Fprintln(p.w, line)
}

// done shows the final state, and ends the bar's line on a terminal.
func (p *progress) done(sum importSummary, read int64) {
	p.update(sum, read, true)
	if p.terminal {
		fmt.Fprintln(p.w)
	}
}

// line renders one state: a bar and share of the file, the bytes read, the
// records written and their rate.
func (p *progress) line(sum importSummary, read int64, elapsed time.Duration) string {
	const width = 24
	share := 0.0
	if p.total > 0 {
		share = min(float64(read)/float64(p.total), 1)
	}
	filled := int(share * width)
	rate := 0.0
	if elapsed > 0 {
		rate = float64(sum.records) / elapsed.Seconds()
	}
	return fmt.Sprintf("import [%s%s] %3.0f%% %s / %s read, %d records, %d edges, %.0f records/s",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), share*100,
		megabytes(read), megabytes(p.total), sum.records, sum.edges, rate)
}

func megabytes(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}
