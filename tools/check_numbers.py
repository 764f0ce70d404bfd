"""Every number that the prose states as a result must be shown by a run: `tools/check_numbers.py [FILES]`.

Scans the markdown cells of every notebook in nbs/ and README.md (which carries nbs/index.ipynb's markdown and rendered
tables), and prints one line per finding, `file:cell N: number — why`; exit status 1 if there is any.

A number in prose passes when one of these holds:
- a committed output shows it: any code cell's output (stream text, text/plain, text/markdown, text/html) of the same
  notebook, or of a notebook that the same markdown cell names (`06_schedules`, `nbs/06_schedules.ipynb`); in the
  README, of index.ipynb and of the notebooks that its paragraph (or list item), else its section, names;
- a results file of such a notebook holds it: nbs/results/<stem>.json or .csv (one per notebook, written by its own
  cells), or a file of images/ (*.json, *.md) that its code names (writes or reads);
- it is a setting: the same value is written in the notebook's own code, such as `lr=0.4`, `epochs=3`, `bs=1024`
  (in the README: in the code of the notebooks in scope, and only an integer or a round number of at most 3
  significant digits, so that a result typed into index.ipynb's code does not pass);
- it is cited: `<sup>cited: SOURCE</sup>` follows it in the same sentence (or table cell), naming where it is from,
  e.g. `the course's 0.876<sup>cited: fast.ai course 2022, lesson 18</sup>`. The mark covers the numbers before it
  in its sentence, back to the previous mark. A decimal number in a sentence that gives it as the course's, the
  lecture's, a paper's or the authors' (with no our/ours/we/here between) needs the mark even where an output
  happens to round to it, or the code holds it (a test against the course's figure); settings of one or two
  significant digits that the code holds (the course's lr 6e-2, run here) are exempt.
Numbers are compared as the prose rounds them: 0.917 matches 0.9168, 85 s matches 85.3, 12% matches 0.12 or 12.1,
3 min matches 180 s, 11.2M matches 11,176,512. Not results, so not checked: code (fenced and inline), math, link
targets, years, versions, notebook numbers (04, 09a_speed), list and heading numbers, ordinals (2nd), and numbers
that are part of a name (float32, conv2d, 3x3, 1-D, CIFAR-10).

It also fails on absolute paths of the machine in committed outputs (/work/..., /home/..., /root/..., /Users/..., a
.venv/bin under some folder; a temporary folder such as /tmp/tmpab12cd is what any reader's run shows too), and on
words about how the notebooks were made rather than what they show.
`--self-test` runs its own examples (a wrong number fails, a rounded, a cited and a setting pass, a path fails).
"""
import bisect, json, math, re, sys, tempfile
from pathlib import Path

PROCESS_WORDS = ('the issue', 'this issue', 'outside this notebook', 'this shared machine', 'the other jobs',
                 'shared with other', 'busy machine', 'first version', 'previous committed run',
                 'while writing this notebook', 'earlier runs', 'this round', 'this session', 'other helpers')
PATH_RE = re.compile(r'(?<![\w.~])/(?:work|home|root|Users)/[^\s"\'<>)\]]*'
                     r'|(?<![\w.])(?:/[\w.-]+)+/\.venv/bin\b')
CITE_RE = re.compile(r'<sup>\s*cited:\s*([^<]{3,}?)\s*</sup>', re.I)
QUOTE_RE = re.compile(r"\b(?:the course(?:'s)?|the lecture(?:'s)?|(?:the|a|its) paper(?:'s)?|the authors'?|published)(?!\s+notes)",
                      re.I)                                     # a sentence that gives another's figure
OURS_RE = re.compile(r"\b(?:our|ours|we|us|here)\b", re.I)
NUM_RE = re.compile(r'(?<![\w.])([-+−]?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)(?:[eE]([-+]?\d+))?')
UNIT_RE = re.compile(r'\s?(%|[kMB]\b(?!/)|x\b|×|s\b|ms\b|µs\b|us\b|min\b|minutes?\b|seconds?\b|h\b|hours?\b|KB|MB|GB|KiB|MiB|GiB)')
NAME_WORDS = ('nbdev', 'torch', 'pytorch', 'python', 'python3', 'fastcore', 'execnb', 'ghapi', 'fastprogress',
              'jupyterlab', 'selenium', 'numpy', 'cuda', 'version', 'lesson', 'part', 'chapter', 'claim', 'claims',
              'notebook', 'notebooks', 'figure', 'section', 'step', 'steps', 'python', 'quarto', 'pep', 'rfc')

def _strip_code_math(md: str) -> str:
    "Blank out what is not prose: fenced code, inline code, math, HTML comments, link targets and tags."
    md = re.sub(r'```.*?```', lambda m: '\n' * m.group().count('\n'), md, flags=re.S)
    md = re.sub(r'<!--.*?-->', ' ', md, flags=re.S)
    md = re.sub(r'`[^`\n]*`', ' CODE ', md)
    md = re.sub(r'\$\$.*?\$\$', ' MATH ', md, flags=re.S)
    md = re.sub(r'\$[^$\n]+\$', ' MATH ', md)
    md = re.sub(r'\]\([^)\s]*\)', ']', md)                      # link and image targets
    md = re.sub(r'https?://\S+', ' URL ', md)
    md = re.sub(r'<(?!/?sup\b)[^>]*>', ' ', md)                 # tags but <sup>
    md = re.sub(r'^(\s*)(#+\s*)?\d+[.)]\s', r'\1\2', md, flags=re.M)   # list and heading numbers
    return md

def _value(sign, digits, exp):
    v = float(digits.replace(',', ''))
    if exp: v *= 10 ** int(exp)
    return -v if sign and sign in '-−' else v

def _decimals(digits, exp):
    d = len(digits.split('.')[1]) if '.' in digits else 0
    return max(d - int(exp), 0) if exp else d

def numbers_in_text(text: str):
    "Numeric values of a run's text (outputs, results files): (value, had a %)."
    for m in NUM_RE.finditer(text):
        v = _value(m.group(1), m.group(2), m.group(3))
        yield v, text[m.end():m.end() + 2].lstrip().startswith('%')

def prose_numbers(md: str):
    """(value, decimals, unit, token, cited, quoted) of each number the prose states, after what is not prose is removed:
    `quoted` when its sentence gives it as the course's, the lecture's, a paper's or the authors' (and not as ours)."""
    text = _strip_code_math(md)
    cites = [m.span() for m in CITE_RE.finditer(text)]
    # sentence (or table cell) boundaries, for what a citation mark covers
    bounds = [0] + [m.end() for m in re.finditer(r'[.!?:;](?=\s)|\n\s*\n|\||\n\s*[-*]\s', text)] + [len(text)]
    out = []
    for m in NUM_RE.finditer(text):
        s, e = m.span()
        if any(a <= s < b for a, b in cites): continue
        sign, digits, exp = m.groups()
        before, after = text[max(0, s - 20):s], text[e:e + 12]
        if re.search(r'[A-Za-z_]$|[A-Za-z]-$', before): continue   # part of a name: float32, L2, CIFAR-10
        if re.match(r'[A-Za-z_]', after) and not re.match(r'(x\b|x$|s\b|ms\b|min\b|h\b|KB|MB|GB|KiB|MiB|GiB|[kMB]\b)', after):
            continue                                            # 2nd, 3x3 is below, conv2d, 09a
        if re.match(r'x\d|×\d|-D\b|-d\b|-bit|\.\d+\.\d', after): continue   # 3x3, 28×28, 1-D, 8-bit, 2.4.14
        if re.match(r'\.\d', after) or re.match(r'\d*_', after): continue   # versions, notebook names 04_...
        if re.search(r'[<>=~^v]$|[<>=]=$', before.rstrip()) and not re.search(r'\s[<>]$', before): continue
        if not exp and '.' not in digits and ',' not in digits:
            n = int(digits)
            if len(digits) == 2 and digits.startswith('0'): continue       # 04, 09
            if 1900 <= n <= 2100 and not re.match(r'\s?(s\b|ms|%|x\b|min|KB|MB)', after): continue  # years
        w = re.search(r'([A-Za-z]+)\W{0,2}$', before)
        if w and w.group(1).lower() in NAME_WORDS: continue              # torch 2.14, lesson 18, step 2
        if re.search(r'[A-Za-z]\d*\.$', before): continue                 # 1.2 in 'v1.2', section numbers
        u = UNIT_RE.match(after); unit = u.group(1) if u else ''
        cited = _cited(cites, bounds, e)
        sentence = text[max([b for b in bounds if b <= s] or [0]):s]
        q = list(QUOTE_RE.finditer(sentence))
        quoted = bool(q) and not OURS_RE.search(sentence[q[-1].end():]) and ('.' in digits or exp)
        out.append((_value(sign, digits, exp), _decimals(digits, exp), unit, (m.group(0) + (u.group(0) if u else '')).strip(),
                    cited, quoted))
    return out

def _cited(cites, bounds, e):
    "Is a citation mark after position e, with no sentence boundary and no other mark between?"
    for a, b in cites:
        if a < e: continue
        return not any(e <= x <= a for x in bounds)
    return False

class Values:
    "The numbers of a set of texts, sorted, to ask whether one of them rounds to a number of the prose."
    def __init__(self): self.v, self.pct = [], []
    def add_text(self, text):
        for v, pct in numbers_in_text(text):
            self.v.append(v)
            if pct: self.pct.append(v / 100)
    def add_value(self, v):
        if isinstance(v, bool): return
        if isinstance(v, (int, float)) and math.isfinite(v): self.v.append(float(v))
        elif isinstance(v, str): self.add_text(v)
        elif isinstance(v, dict):
            for k, x in v.items(): self.add_value(k); self.add_value(x)
        elif isinstance(v, list):
            for x in v: self.add_value(x)
    def freeze(self):
        self.v = sorted(set(self.v) | set(self.pct)); return self
    def near(self, lo, hi):
        i = bisect.bisect_left(self.v, lo)
        return i < len(self.v) and self.v[i] <= hi

def matches(vals: 'Values', value, decimals, unit):
    "Does a value of `vals` round to the prose's `value` at its `decimals` (in its unit: % of 1, minutes of seconds)?"
    tol = 0.5 * 10 ** -decimals + 1e-9 * max(1, abs(value))
    cands = [(value, tol)]
    if unit == '%': cands.append((value / 100, tol / 100))
    if unit.startswith('min'): cands.append((value * 60, tol * 60))
    if unit in ('k', 'M', 'B'):
        f = {'k': 1e3, 'M': 1e6, 'B': 1e9}[unit]; cands.append((value * f, tol * f))
    return any(vals.near(c - t, c + t) or vals.near(-c - t, -c + t) for c, t in cands)

def _sig(value) -> int:
    "Significant digits of a value: 0.9168 has 4, 6e-2 has 1."
    return len(re.sub(r'e.*', '', '%.12g' % abs(value)).replace('.', '').strip('0'))

def is_setting(settings: set, value, any_precision=False):
    """Is the value written in the code? A notebook's own code sets any value (Newton-Schulz's 3.4445); where the code
    of other notebooks is looked at (the README), only a round one is a setting (an integer, at most 3 significant
    digits), so that a result typed into a cell's source does not pass as a setting."""
    return (value in settings or -value in settings) and (any_precision or float(value).is_integer() or _sig(value) <= 3)

def outputs_text(cell) -> str:
    parts = []
    for o in cell.get('outputs', []):
        if o.get('output_type') == 'stream': parts.append(''.join(o.get('text', '')))
        for k in ('text/plain', 'text/markdown', 'text/html', 'text/latex'):
            if k in o.get('data', {}):
                t = ''.join(o['data'][k])
                if k == 'text/html': t = re.sub(r'<[^>]*>', ' ', t)
                parts.append(t)
    return '\n'.join(parts)

def code_values(cells) -> set:
    s = set()
    for c in cells:
        if c['cell_type'] != 'code': continue
        for v, _ in numbers_in_text(''.join(c['source'])): s.add(v)
    return s

def load(root: Path):
    "The notebooks' cells by stem, and the texts of the results files by path."
    nbs = {f.stem: json.loads(f.read_text())['cells'] for f in sorted((root / 'nbs').glob('*.ipynb'))}
    results = {}
    for pat in ('nbs/results/*.json', 'nbs/results/*.csv', 'images/*.json', 'images/*.md'):
        for f in sorted(root.glob(pat)): results[f] = f.read_text()
    return nbs, results

def results_of(results, nbs, stems):
    "The results files of these notebooks: nbs/results/<stem>.*, and any other that their code names (writes or reads)."
    code = {s: '\n'.join(''.join(c['source']) for c in nbs[s] if c['cell_type'] == 'code') for s in stems}
    return [f for f in results if (f.parent.name == 'results' and f.stem in stems) or any(f.name in code[s] for s in stems)]

def named_notebooks(md, stems):
    return {s for s in stems if re.search(r'(?<![\w])' + re.escape(s) + r'(?![\w])', md)}

def check(root='.', only=None):
    root = Path(root); nbs, results = load(root)
    findings = []
    outs = {s: '\n'.join(outputs_text(c) for c in cells) for s, cells in nbs.items()}
    vals_cache = {}
    def vals_of(stems):
        key = frozenset(stems)
        if key not in vals_cache:
            v = Values()
            for s in stems: v.add_text(outs[s])
            for f in results_of(results, nbs, stems):
                if f.suffix == '.json': v.add_value(json.loads(results[f]))
                else: v.add_text(results[f])
            vals_cache[key] = v.freeze()
        return vals_cache[key]
    def check_md(name, where, md, own, settings, own_code):
        low = md.lower()
        for w in PROCESS_WORDS:
            if w in low: findings.append(f"{name}:{where}: '{w}' — speaks of how the notebook was made, not of what it shows")
        named = named_notebooks(md, nbs)
        vals = vals_of(own | named)
        for value, dec, unit, tok, cited, quoted in prose_numbers(md):
            if quoted and not cited and (_sig(value) >= 3 or (_sig(value) == 2 and not is_setting(settings, value))):
                findings.append(f"{name}:{where}: {tok} — its sentence gives it as another source's figure: mark it "
                                "<sup>cited: SOURCE</sup>, or say in its own sentence that it is ours"); continue
            if cited or is_setting(settings, value, own_code) or (unit == '%' and is_setting(settings, round(value / 100, dec + 2))) \
                    or matches(vals, value, dec, unit): continue
            scope = sorted(own | named)
            findings.append(f"{name}:{where}: {tok} — no committed output or results file shows it (looked in "
                            + (', '.join(scope) if len(scope) < 6 else 'every notebook') + " and the results files)")
    for stem, cells in nbs.items():
        if only and stem not in only and not (stem == 'index' and 'README' in only): continue
        settings = code_values(cells)
        for i, c in enumerate(cells):
            if c['cell_type'] == 'markdown' and stem != 'index':   # index's markdown is checked as the README
                check_md(f'nbs/{stem}.ipynb', f'cell {i}', ''.join(c['source']), {stem}, settings, True)
            elif c['cell_type'] == 'code':
                for p in sorted(set(m.group() for m in PATH_RE.finditer(outputs_text(c))))[:3]:
                    findings.append(f"nbs/{stem}.ipynb:cell {i}: {p} — an output shows a path of the machine it ran on")
    readme = root / 'README.md'
    if readme.exists() and (not only or 'README' in only):
        text = readme.read_text()
        # The README quotes every notebook. A number is looked up in the outputs of index.ipynb (the README's own
        # rendered tables) and of the notebooks that its list item or paragraph names, else that its section (### or
        # ##) names; settings come from those notebooks' code.
        stems = sorted(set(nbs) - {'index'})
        text = re.sub(r'```.*?```', lambda m: '\n' * m.group().count('\n'), text, flags=re.S)
        sections = re.split(r'(?m)^(?=#{1,3} )', text)
        line = 1
        for sec in sections:
            sec_named = named_notebooks(sec, stems)
            for block in re.split(r'(\n\s*\n|\n(?=\s*[-*] ))', sec):
                if block.strip() and not re.fullmatch(r'\n\s*\n|\n', block):
                    scope = (named_notebooks(block, stems) or sec_named) | ({'index'} & set(nbs))
                    check_md('README.md', f'line {line}', block, scope, set().union(*(code_values(nbs[s]) for s in scope)), False)
                line += block.count('\n')
    return findings

# ---------------------------------------------------------------------------------------------------------------
def _nb(cells):
    return {'cells': cells, 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
def _md(s): return {'cell_type': 'markdown', 'metadata': {}, 'source': s}
def _code(src, out='', paths=''):
    return {'cell_type': 'code', 'metadata': {}, 'source': src, 'execution_count': 1,
            'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': out + paths}]}

def self_test():
    cases = [  # (name, markdown, code source, output, how many findings)
        ('wrong number', 'It reaches 0.9123 after 3 epochs.', 'fit(epochs=3)', 'accuracy 0.9168', 1),
        ("a constant of the notebook's code", 'The coefficients are 3.4445, -4.7750 and 2.0315.',
         'COEFFS = (3.4445, -4.7750, 2.0315)', '', 0),
        ('rounded', 'It reaches 0.917 after 3 epochs, in 85 s, 12% faster.', 'fit(epochs=3)',
         'accuracy 0.9168 time 85.3 ratio 0.121', 0),
        ('percent as a fraction', 'It passes 92% of the time.', '', 'share 0.9168', 0),
        ('cited', "The course's 0.876<sup>cited: fast.ai course 2022, lesson 18</sup> is below ours.", '',
         'accuracy 0.9168', 0),
        ('cite covers its sentence only', "The course reached 0.876<sup>cited: the course</sup>. Ours: 0.881.",
         '', 'accuracy 0.9168', 1),
        ('a mark needs a source', "The course reached 0.876<sup>cited:</sup>.", '', '', 1),
        ('setting', 'SGD at lr 0.4 with a batch of 1,024 on seeds 1-3.', 'lr, bs = 0.4, 1024\nseeds = [1, 2, 3]', '', 0),
        ('not results', 'See `04_accel_sgd` and 09a_speed (2nd run, float32, a 3x3 conv, torch 2.14.1, 2026):\n\n'
         '1. first\n2. second', '', '', 0),
        ('minutes', 'The whole run takes 3 min.', '', 'took 181.2 s', 0),
        ('wrong seconds', 'Two fits of 10.5 and 16.3 s.', '', 'fit 85.0 s\nfit 100.2 s', 2),
        ('process words', 'This is shared with other jobs.', '', '', 1),
        ('a threshold in the code, as a percentage', 'The test asks for more than 80%.', 'assert acc > 0.8', '', 0),
        ('millions', 'Adam works on 11.2M parameters, 0.9 of them in one layer.', '', 'params 11,176,512 share 0.91', 0),
        ('wrong millions', 'Adam works on 11.5M parameters.', '', 'params 11,176,512', 1),
        ('a derived difference', 'Muon ends 0.0079 above Adam.', '', 'Adam 0.9014 Muon 0.9093', 1),
        ("another's figure, unmarked, even where an output happens to round to it",
         "The course's result was 0.876; ours is 0.8757.", '', 'acc 0.8757', 1),
        ("ours, in a sentence about the course", "The course's order holds, and our range is 0.866 to 0.879.", '',
         'range 0.8656 - 0.8789', 0),
        ("the course's setting, which we ran", "The course's recipe, 6e-2 with the defaults, stops short.", 'lr = 6e-2', '', 0),
    ]
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        for name, md, src, out, want in cases:
            (Path(d) / 'nbs').mkdir(exist_ok=True)
            for f in Path(d, 'nbs').glob('*.ipynb'): f.unlink()
            Path(d, 'nbs', '01_x.ipynb').write_text(json.dumps(_nb([_md(md), _code(src, out)])))
            got = check(d)
            if len(got) != want: bad += 1; print(f"self-test FAILED: {name}: {len(got)} findings, expected {want}: {got}")
        Path(d, 'nbs', '01_x.ipynb').write_text(json.dumps(_nb([_md('Fine.'), _code('', 'ok', '\n/work/me/.venv/bin/python')])))
        got = check(d)
        if len(got) != 1: bad += 1; print(f"self-test FAILED: a path in an output: {got}")
        # a results file counts
        Path(d, 'nbs', 'results').mkdir()
        Path(d, 'nbs', 'results', '01_x.json').write_text(json.dumps({'acc': 0.90412}))
        Path(d, 'nbs', '01_x.ipynb').write_text(json.dumps(_nb([_md('Mean 0.9041.'), _code('', 'ok')])))
        got = check(d)
        if got: bad += 1; print(f"self-test FAILED: a number of a results file: {got}")
        # another notebook's output counts only where the cell names it
        Path(d, 'nbs', '02_y.ipynb').write_text(json.dumps(_nb([_md('It gets 0.8811.'), _code('', 'ok')])))
        Path(d, 'nbs', '03_z.ipynb').write_text(json.dumps(_nb([_md('`01_x` gets 0.8811.'), _code('', 'ok')])))
        Path(d, 'nbs', '01_x.ipynb').write_text(json.dumps(_nb([_md('Fine.'), _code('', 'acc 0.8811')])))
        got = check(d)
        if len(got) != 1 or '02_y' not in got[0]: bad += 1; print(f"self-test FAILED: another notebook's output: {got}")
        # the README: a paragraph looks in the notebooks it names (else its section's), and in index.ipynb's outputs
        for f in ('02_y', '03_z'): Path(d, 'nbs', f + '.ipynb').unlink()
        Path(d, 'nbs', 'index.ipynb').write_text(json.dumps(_nb([_code('', '| a | 0.7777 |')])))
        Path(d, 'README.md').write_text('## Results\n\n`01_x` gets 0.8811.\n\nThe table: 0.7777.\n\n## Other\n\nIt gets 0.8811.\n')
        got = check(d)
        if len(got) != 1 or 'line 9' not in got[0]: bad += 1; print(f"self-test FAILED: the README's scopes: {got}")
    n = len(cases) + 4
    print(f"self-test: {bad} of {n} cases failed" if bad else f"self-test: all {n} cases pass")
    return bad == 0

if __name__ == '__main__':
    if '--self-test' in sys.argv: sys.exit(0 if self_test() else 1)
    only = {Path(a).stem if a.endswith('.ipynb') else Path(a).stem for a in sys.argv[1:]} or None
    found = check('.', only)
    for f in found: print(f)
    print(f"check_numbers: {len(found)} finding{'s' * (len(found) != 1)}" if found else
          "check_numbers: every number in the prose is shown by an output, a results file, the code, or a citation")
    sys.exit(1 if found else 0)
