"""README.md from nbs/index.ipynb with nbconvert (nbdev_readme needs Quarto, which cannot be installed here).
Cells marked `#| hide` are dropped, `#| echo: false` cells show only their outputs,
`#|` directives are removed, and `../images/` links (right from nbs/) become `images/` (right from the top).  `--check`: fail if stale."""
import sys, copy, re
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

def render(nb_path='nbs/index.ipynb') -> str:
    nb = nbformat.read(nb_path, as_version=4)
    cells = []
    for c in nb.cells:
        lines = c.source.splitlines()
        if c.cell_type == 'code':
            if any(re.match(r'#\|\s*hide\b', l) for l in lines): continue
            c = copy.deepcopy(c)
            outs = []                   # a print split over several stream outputs (timing) reads as one block
            for o in c.get('outputs', []):
                if outs and o.output_type == outs[-1].output_type == 'stream' and o.name == outs[-1].name:
                    outs[-1].text += o.text
                else: outs.append(o)
            c.outputs = outs
            echo = not any(re.match(r'#\|\s*echo:\s*false', l) for l in lines)
            if not echo:   # only the output, as markdown
                md = [''.join(o['data']['text/markdown']) for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]
                cells.append(nbformat.v4.new_markdown_cell('\n\n'.join(md)))
                continue
            c.source = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
            if not c.source and not c.get('outputs'): continue
        cells.append(c)
    nb.cells = cells
    nb.metadata.setdefault('language_info', {'name': 'python'})   # code blocks as ```python (nbdev_clean strips it)
    body, _ = MarkdownExporter().from_notebook_node(nb)
    body = re.sub(r'\n{3,}', '\n\n', body.replace('](../images/', '](images/')).strip() + '\n'
    return '<!-- Generated from nbs/index.ipynb by `make readme`: edit the notebook, not this file. -->\n\n' + body

if __name__ == '__main__':
    text, readme = render(), Path('README.md')
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text() != text:
            sys.exit('README.md is stale: it does not match nbs/index.ipynb. Run `make readme` and commit it.')
    else: readme.write_text(text)
