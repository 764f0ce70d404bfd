"""Time a notebook run top to bottom, as a reader runs it in JupyterLab (slow cells included), cell by cell.

    .venv/bin/python tools/time_notebook.py nbs/03_initializing.ipynb [more notebooks] [--json times.json]

Runs a copy in a scratch folder (a copy of nbs/ next to an empty images/), so the notebooks, images/ and runs/ of
the project are left as they were. Prints the total and the slowest cells with their first line of code."""
import json, os, re, shutil, sys, tempfile, time
from pathlib import Path
from datetime import datetime
import nbformat
from nbclient import NotebookClient

def _t(s): return datetime.fromisoformat(s.replace('Z', '+00:00'))

def time_notebook(path, top=5):
    path = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix='accel_sgd_time_') as tmp:
        shutil.copytree(path.parent, Path(tmp)/'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints', '_proc'))
        (Path(tmp)/'images').mkdir()
        nb = nbformat.read(path, as_version=4)
        load0, t0 = os.getloadavg()[0], time.perf_counter()
        NotebookClient(nb, timeout=None, kernel_name='python3', record_timing=True,
                       resources={'metadata': {'path': str(Path(tmp)/'nbs')}}).execute()
        total = time.perf_counter() - t0
    cells = []
    for i, c in enumerate(nb.cells):
        ex = c.get('metadata', {}).get('execution', {})
        if c.cell_type != 'code' or 'shell.execute_reply' not in ex: continue
        secs = (_t(ex['shell.execute_reply']) - _t(ex['iopub.execute_input'])).total_seconds()
        lines = [l for l in c.source.splitlines() if l.strip() and not l.startswith('#|')]
        cells.append(dict(cell=i, seconds=round(secs, 1), slow=c.source.lstrip().startswith('#| slow'),
                          first_line=(lines[0] if lines else '')[:90]))
    slowest = sorted(cells, key=lambda c: -c['seconds'])[:top]
    return dict(notebook=path.name, seconds=round(total, 1), load_before=round(load0, 1), load_after=round(os.getloadavg()[0], 1),
                cores=os.cpu_count(), slow_cells_seconds=round(sum(c['seconds'] for c in cells if c['slow']), 1),
                slowest=slowest)

if __name__ == '__main__':
    args = sys.argv[1:]
    out = args[args.index('--json')+1] if '--json' in args else None
    paths = [a for a in args if a.endswith('.ipynb')]
    results = json.loads(Path(out).read_text()) if out and Path(out).exists() else {}
    for p in paths:
        r = time_notebook(p)
        print(f"{r['notebook']}: {r['seconds']:.0f} s top to bottom ({r['slow_cells_seconds']:.0f} s in `#| slow` cells); "
              f"1-minute load average {r['load_before']} before, {r['load_after']} after, {r['cores']} cores", flush=True)
        for c in r['slowest']: print(f"   cell {c['cell']:>3} {c['seconds']:7.1f} s {'slow' if c['slow'] else '    '}  {c['first_line']}", flush=True)
        results[r['notebook']] = r
        if out: Path(out).write_text(json.dumps(results, indent=1))
