"""How long each notebook takes to read: prose at 200 words a minute, code at 15 lines a minute.

Prose is the words of the markdown cells (code blocks and table rules inside them count as code lines and are
skipped from words); code is the non-blank lines of code cells, without `#|` directives. Hidden cells (`#| hide`)
are skipped. Prints a markdown table; `--csv` prints comma-separated values instead."""
import json, re, sys
from pathlib import Path

WORDS_PER_MIN, LINES_PER_MIN = 200, 15

def counts(path):
    "(words of prose, lines of code) of the notebook at `path`."
    words = lines = 0
    for c in json.loads(Path(path).read_text())['cells']:
        src = ''.join(c['source']) if isinstance(c['source'], list) else c['source']
        if c['cell_type'] == 'markdown':
            fences = re.findall(r'```.*?```', src, flags=re.S)                     # fenced code: read as code
            lines += sum(1 for f in fences for l in f.splitlines()[1:-1] if l.strip())
            prose = re.sub(r'```.*?```', ' ', src, flags=re.S)
            prose = re.sub(r'^\s*\|?[-:| ]+\|?\s*$', ' ', prose, flags=re.M)        # table rules
            prose = re.sub(r'!?\[([^\]]*)\]\([^)]*\)', r'\1', prose)               # keep link text, drop URLs
            words += len(re.findall(r"[A-Za-z0-9][\w'.,%-]*", prose))
        elif c['cell_type'] == 'code':
            ls = [l for l in src.splitlines() if l.strip()]
            if any(re.match(r'#\|\s*hide\b', l) for l in ls): continue
            lines += sum(1 for l in ls if not l.lstrip().startswith('#|'))
    return words, lines

def minutes(words, lines): return words / WORDS_PER_MIN + lines / LINES_PER_MIN

def table(paths):
    rows = ['| notebook | words of prose | lines of code | reading time |', '|---|---|---|---|']
    for p in paths:
        w, l = counts(p)
        rows.append(f'| `{Path(p).name}` | {w:,} | {l:,} | {minutes(w, l):.0f} min |')
    return '\n'.join(rows)

if __name__ == '__main__':
    paths = [a for a in sys.argv[1:] if not a.startswith('--')] or sorted(str(p) for p in Path('nbs').glob('*.ipynb'))
    if '--csv' in sys.argv:
        print('notebook,words,lines,minutes')
        for p in paths: w, l = counts(p); print(f'{Path(p).name},{w},{l},{minutes(w, l):.1f}')
    else: print(table(paths))
