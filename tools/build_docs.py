"""`make docs`: the series as a static website in _docs/, built offline from the committed notebooks.

Every notebook of nbs/ becomes a page with its committed outputs and figures (nothing is run): index.ipynb first,
then the chapter notebooks, then the engineering ones (a chapter is a notebook whose name says learner, activation,
initial, accel, sched, beyond, trajector or playground, as the project's reading-time check counts them). Each page
says its reading time (tools/reading_time.py), hides `#| hide` cells and `#|` directives, and shows a note where a
widget (the playground's sliders) was: the static figures after it stand in for it. Each module of the package gets
an API page with nbdev's `show_doc` of every public name. Open _docs/index.html.

nbconvert renders the pages: nbdev's own `nbdev_docs` needs Quarto, which cannot be installed without GitHub (PyPI's
quarto-cli is a source package that downloads Quarto from GitHub when it is built)."""
import html, importlib, inspect, json, re, shutil, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
from reading_time import counts, minutes

NBS, OUT = ROOT/'nbs', ROOT/'_docs'
CHAPTER = re.compile(r'learner|lr_find|activation|initial|accel|sched|beyond|trajector|playground')
NOT_CHAPTER = re.compile(r'bench|cli|main|index')
WIDGET = 'application/vnd.jupyter.widget-view+json'

def is_chapter(name): return bool(CHAPTER.search(name)) and not NOT_CHAPTER.search(name)

def order(paths):
    "index first, then the chapters, then the engineering notebooks, each in file order."
    paths = sorted(paths, key=lambda p: p.name)
    return ([p for p in paths if p.stem == 'index'] + [p for p in paths if p.stem != 'index' and is_chapter(p.stem)]
            + [p for p in paths if p.stem != 'index' and not is_chapter(p.stem)])

def title(nb, stem):
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown' and (m := re.match(r'#\s+(.+)', src)): return m.group(1).strip()
    return stem

def prepare(nb, path):
    "The notebook as the page shows it: hidden cells out, directives out, widgets replaced by a note, the reading time under the title."
    cells = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'code':
            lines = src.splitlines()
            if any(re.match(r'#\|\s*(hide|default_exp)\b', l) for l in lines): continue
            c['source'] = '\n'.join(l for l in lines if not l.lstrip().startswith('#|'))
            for o in c.get('outputs', []):
                if WIDGET in o.get('data', {}):
                    o['data'] = {'text/markdown': '*Here JupyterLab shows the sliders (`make lab`, then open this notebook); '
                                                  'the static figures below show the same pictures.*'}
        cells.append(c)
    w, l = counts(path); m = max(1, round(minutes(w, l)))
    note = {'cell_type': 'markdown', 'id': 'reading-time', 'metadata': {}, 'source': f'*Reading time: about {m} minute{"s" * (m != 1)}* '
            f'({w:,} words of prose, {l:,} lines of code).'}
    first = next((i for i, c in enumerate(cells) if c['cell_type'] == 'markdown'), -1)
    cells.insert(first + 1, note)
    nb['cells'] = cells
    return nb

STYLE = """<style>
body { margin-left: 270px !important; }
nav#site { position: fixed; top: 0; left: 0; bottom: 0; width: 250px; overflow-y: auto; padding: 12px; background: #f6f6f6;
           border-right: 1px solid #ddd; font: 14px/1.45 sans-serif; z-index: 10; }
nav#site h2 { font-size: 16px; margin: 4px 0 8px; } nav#site h3 { font-size: 13px; margin: 14px 0 4px; color: #555; text-transform: uppercase; }
nav#site a { display: block; padding: 2px 0; color: #2a5db0; text-decoration: none; } nav#site a.here { font-weight: bold; color: #000; }
main.api { max-width: 900px; margin: 20px; font: 15px/1.5 sans-serif; } main.api pre { background: #f4f4f4; padding: 8px; overflow-x: auto; }
</style>"""

def nav(pages, modules, here):
    def link(href, text): return f'<a href="{href}"{" class=here" if href == here else ""}>{html.escape(text)}</a>'
    parts = ['<nav id="site"><h2><a href="index.html">accel_sgd</a></h2>', '<h3>Chapter</h3>']
    parts += [link(h, t) for h, t, ch in pages if ch is True]
    parts += ['<h3>Engineering</h3>'] + [link(h, t) for h, t, ch in pages if ch is False]
    parts += ['<h3>API reference</h3>'] + [link(f'api_{m}.html', f'accel_sgd.{m}') for m in modules]
    return '\n'.join(parts) + '</nav>'

def with_nav(page, navhtml):
    page = page.replace('</head>', STYLE + '\n</head>', 1)
    return re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + navhtml, page, count=1)

def api_page(module, md2html):
    "nbdev's show_doc of every public name of accel_sgd.`module`, as HTML."
    from nbdev.showdoc import show_doc
    mod = importlib.import_module(f'accel_sgd.{module}')
    doc = (mod.__doc__ or '').strip()
    body = [f'<h1>accel_sgd.{module}</h1>', f'<p>{html.escape(doc)}</p>' if doc else '']
    for name in getattr(mod, '__all__', []):
        obj = getattr(mod, name)
        if not (inspect.isclass(obj) or inspect.isroutine(obj)): continue   # constants and instances: the notebooks show them
        md = show_doc(obj, name=name)._repr_markdown_()
        md = re.sub(r'^\[source\]\(.*$', '', md, flags=re.M)   # a link to a source host the project does not have
        body.append(f'<section id="{name.lower()}">{md2html(md)}</section>')
    return '\n'.join(body)

def main():
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    t0 = time.monotonic()
    exporter = HTMLExporter(template_name='lab')
    paths = order(list(NBS.glob('*.ipynb')))
    nbs = {p: json.loads(p.read_text()) for p in paths}
    pages = [('index.html' if p.stem == 'index' else f'{p.stem}.html', title(nbs[p], p.stem), None if p.stem == 'index' else is_chapter(p.stem))
             for p in paths]
    modules = sorted(m.stem for m in (ROOT/'accel_sgd').glob('*.py') if not m.stem.startswith('_'))
    shutil.rmtree(OUT, ignore_errors=True); OUT.mkdir()
    import nbformat
    for p, (href, t, _) in zip(paths, pages):
        nb = nbformat.reads(json.dumps(prepare(nbs[p], p)), as_version=4)   # reads joins the lists of lines
        body, _ = exporter.from_notebook_node(nb, resources={'metadata': {'name': t}})
        body = body.replace('src="../images/', 'src="images/')       # the notebooks' own pictures, copied below
        (OUT/href).write_text(with_nav(body, nav(pages, modules, href)))
    shutil.copytree(ROOT/'images', OUT/'images')
    skeleton = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{t}</title></head><body><main class="api">{b}</main></body></html>'
    for m in modules:
        href = f'api_{m}.html'
        page = skeleton.format(t=f'accel_sgd.{m}', b=api_page(m, markdown2html_mistune))
        (OUT/href).write_text(with_nav(page, nav(pages, modules, href)))
    print(f'_docs/: {len(pages)} notebook pages ({sum(ch is True for *_, ch in pages)} chapter, {sum(ch is False for *_, ch in pages)} '
          f'engineering), {len(modules)} API pages, in {time.monotonic() - t0:.0f} s; open _docs/index.html')

if __name__ == '__main__': main()
