"""`make bench`: how fast the build is, how heavy the pages are, how it scales.

Everything runs in a scratch copy of the working tree (build/bench/repo, sharing .venv),
so the developer's site/, build/ and docs/ are never touched. Measures, in order:

  1. `make site` cold (after `make clean`, build/pdf-cache gone) and warm (nothing changed),
     with the time of each stage: the generator's own (validation, figures, tables,
     downloads, zh-Hant) from `reportgen generate`, then MkDocs and the PDFs;
  2. a no-change rebuild of the generators alone: the CLI and generate() in-process;
  3. plain MkDocs on the same pages (the Markdown our plugin produced, built with a config
     without the plugin) as the floor, against our MkDocs build and our whole build;
  4. bytes per page (HTML, CSS, JS, images; search index separately) for the three home
     pages and the largest page;
  5. Lighthouse (mobile) on the same pages, served locally; installed with npm into
     ~/.cache/reportgen/node/ when absent; when it cannot run, the reason is printed instead;
  6. a rebuild after one YAML edit (a value in the scratch copy);
  7. figure rendering on one core against all of them;
  8. scale: synthetic data sets 10x and 100x the real one (scripts/synth.py,
     build/synth/<n>x/): generator time and peak memory, cold and unchanged.

Not a test: nothing fails on a slow number. The report (Markdown) is printed and saved to
build/bench/report.md and build/bench/results.json. Options: --quick (skip Lighthouse and
100x), --scales, --no-lighthouse, --budget MINUTES.

Run it with `make bench`, `python scripts/bench.py` or `python -m reportgen.tools.bench`; main.py
orchestrates the steps, one module per kind of measure. in_process.py, figures_only.py,
capture_hook.py (an MkDocs hook) and timed_python.sh run in child processes.
"""
