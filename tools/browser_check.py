"""`make test-browser`: open what a reader opens, in headless Chromium, and check what they see. Three checks:

- notebook: JupyterLab over a scratch copy of tools/browser_demo.ipynb (the committed notebook is never written);
  runs all cells and checks that the fastprogress bar (its `<progress>` elements and epoch table) and the live loss
  plot (an image drawn by `ProgressCB(plot=True)`) rendered. Screenshots: images/browser_check_live.png while the
  second epoch trains, images/browser_check.png at the end.
- playground: a scratch notebook that shows `accel_sgd.playground.playground()`; waits for its picture, moves the
  `lr` slider with the keyboard, and checks that the picture changed (its pixels, not only its address) and that
  the slider's value did. Screenshot: images/playground.png.
- site: the built site in _docs/ (`make docs`), served on a free port: the index (title, the side bar's links),
  one chapter page (08a_trajectories: its reading time and every figure loaded) and one API page (accel_sgd.paths:
  `show_doc` of `run_path` and `PathsFigure`).

`python tools/browser_check.py [notebook] [playground] [site]` runs the checks named (all three by default).
On a failure the screenshot goes to runs/browser_check_failed.png. Exits 0 when everything was seen, 1 when not.

Needs Debian's `chromium` and `chromium-driver`, and `jupyterlab`, `ipywidgets` and `selenium` in .venv:
`make test-browser` installs them and builds the site first."""
import functools, http.server, json, os, shutil, subprocess, sys, tempfile, threading, time, secrets
from pathlib import Path
from lab import free_port, wait_for, start_lab   # tools/lab.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT/'tools'/'browser_demo.ipynb'
SHOT, LIVE_SHOT = ROOT/'images'/'browser_check.png', ROOT/'images'/'browser_check_live.png'
FAILED_SHOT = ROOT/'runs'/'browser_check_failed.png'
PLAY_SHOT, SITE = ROOT/'images'/'playground.png', ROOT/'_docs'
SITE_SHOT = ROOT/'runs'/'browser_check_site.png'
SHOW_TRAINING = "document.querySelectorAll('.jp-Notebook .jp-CodeCell')[1].scrollIntoView({block: 'start'});"
DONE = 'browser check: done'

def start_scratch_lab(root, port, token):
    "JupyterLab over the scratch folder `root`, its settings and workspaces inside it, with no news pop-up."
    settings = root/'.settings'/'@jupyterlab'/'apputils-extension'
    settings.mkdir(parents=True)
    (settings/'notification.jupyterlab-settings').write_text('{"fetchNews": "false"}')   # no news pop-up on the page
    return start_lab(root, port, token, [f'--LabApp.workspaces_dir={root}/.workspaces', f'--LabApp.user_settings_dir={root}/.settings',
                                         '--LabApp.expose_app_in_browser=True'])

def chrome():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which('chromium') or '/usr/bin/chromium'
    for a in ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--window-size=1400,1050',
              '--force-device-scale-factor=1']: opts.add_argument(a)
    return webdriver.Chrome(service=Service(shutil.which('chromedriver') or '/usr/bin/chromedriver'), options=opts)

# What the page shows, read in the browser: the outputs of the training cell (the second code cell).
PROBE = """
const cells = document.querySelectorAll('.jp-Notebook .jp-CodeCell');
const out = i => cells[i] ? cells[i].querySelector('.jp-OutputArea') : null;
const train = out(1), last = out(2);
const imgs = train ? [...train.querySelectorAll('img')] : [];
return {
  cells: cells.length,
  progress: train ? train.querySelectorAll('progress').length : 0,
  moving: train ? [...train.querySelectorAll('progress')].some(p => p.value > 0) : false,
  table: train ? [...train.querySelectorAll('table th')].map(th => th.textContent.trim()) : [],
  rows: train ? train.querySelectorAll('table tbody tr').length : 0,
  plots: imgs.filter(i => i.complete && i.naturalWidth > 100 && i.naturalHeight > 100).length,
  errors: document.querySelectorAll('.jp-Notebook [data-mime-type="application/vnd.jupyter.stderr"] .jp-RenderedText pre, .jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]').length,
  last: last ? last.textContent : '',
  busy: !!document.querySelector('.jp-Notebook .jp-InputArea-prompt') &&
        [...document.querySelectorAll('.jp-Notebook .jp-InputArea-prompt')].some(p => p.textContent.includes('*')),
};"""

OPEN_IDLE = ("const a = window.jupyterapp; return a && a.shell.currentWidget && a.shell.currentWidget.context "
             "&& a.shell.currentWidget.context.path.endsWith(arguments[0]) && a.shell.currentWidget.sessionContext.session "
             "&& a.shell.currentWidget.sessionContext.session.kernel && a.shell.currentWidget.sessionContext.session.kernel.status === 'idle'")

def open_and_run(driver, url, token, name, t0):
    "Open notebook `name` in JupyterLab, wait for its kernel, and run all its cells (not awaited)."
    driver.get(f'{url}/lab/tree/{name}?token={token}&reset')
    wait_for(f'{name} open in JupyterLab, its kernel idle', lambda: driver.execute_script(OPEN_IDLE, name), 180)
    print(f'{name} open, kernel idle ({time.monotonic() - t0:.0f} s); running all cells', flush=True)
    driver.execute_script("window.jupyterapp.commands.execute('application:toggle-left-area');")
    driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")   # resolves when all cells ran

def check_notebook(driver, url, token, t0, timeout):
    "tools/browser_demo.ipynb: the progress bar and the live plot while it trains, the table at the end."
    seen = {}
    open_and_run(driver, url, token, DEMO.name, t0)
    def progressing():   # the bar while it runs; a screenshot as soon as the bar and the plot are both there
        s = driver.execute_script(PROBE); seen.update(live_progress=max(seen.get('live_progress', 0), s['progress']))
        if s['rows'] >= 2 and s['moving'] and s['plots'] and 'live_shot' not in seen:   # in epoch 2, after the first plot
            driver.execute_script(SHOW_TRAINING); time.sleep(0.5)
            SHOT.parent.mkdir(exist_ok=True); seen['live_shot'] = driver.save_screenshot(str(LIVE_SHOT))
            print(f'screenshot while training: {LIVE_SHOT.relative_to(ROOT)} ({time.monotonic() - t0:.0f} s)', flush=True)
        return s
    wait_for(f'the last cell printing "{DONE}"', lambda: DONE in progressing()['last'], timeout, every=1)
    time.sleep(2)   # let the last plot update paint
    seen.update(driver.execute_script(PROBE))
    driver.execute_script(SHOW_TRAINING); time.sleep(1)
    print(f"  (seen: {seen['progress']} progress bars at the end, {seen.get('live_progress', 0)} while training, table {seen['table']}, "
          f"{seen['rows']} rows, {seen['plots']} plot(s); last cell: {seen['last'].strip()!r})")
    driver.save_screenshot(str(SHOT)); print(f'screenshot: {SHOT.relative_to(ROOT)}')
    return {
        'notebook: the progress bar rendered (<progress> elements while training, in the training cell)': seen.get('live_progress', 0) >= 1,
        'notebook: the bar and the live plot seen together while training (screenshot)': bool(seen.get('live_shot')),
        'notebook: the table of epochs rendered, with its header': {'accuracy', 'loss', 'epoch'} <= set(seen['table']),
        'notebook: a row per epoch and phase (2 epochs: 4 rows)': seen['rows'] == 4,
        'notebook: the live loss plot rendered (an image over 100x100 pixels)': seen['plots'] >= 1,
        'notebook: no error output': seen['errors'] == 0,
    }

PLAYGROUND_NB = {'cells': [{'cell_type': 'code', 'execution_count': None, 'id': 'playground', 'metadata': {}, 'outputs': [],
                            'source': 'from accel_sgd.playground import playground\nplayground()'}],
                 'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}}, 'nbformat': 4, 'nbformat_minor': 5}
# The playground's picture, as pixels: a checksum of the <img> drawn on a canvas, its size, and the lr slider's readout.
PICTURE = """
const img = document.querySelector('.jp-Notebook .jp-OutputArea img');
const sl = [...document.querySelectorAll('.widget-slider')].find(s => (s.querySelector('.widget-label') || {}).textContent === 'lr');
if (!img || !img.complete || img.naturalWidth < 100 || !sl) return null;
const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
const g = c.getContext('2d'); g.drawImage(img, 0, 0);
const d = g.getImageData(0, 0, c.width, c.height).data; let h = 0;
for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) % 1000000007;
return {sum: h, w: img.naturalWidth, h: img.naturalHeight, lr: sl.querySelector('.widget-readout').textContent.trim(),
        errors: document.querySelectorAll('.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]').length};"""

def check_playground(driver, url, token, t0, tmp):
    "The playground's sliders: move lr with the keyboard and see the picture change."
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    (tmp/'playground.ipynb').write_text(json.dumps(PLAYGROUND_NB))
    open_and_run(driver, url, token, 'playground.ipynb', t0)
    before = wait_for('the playground drawn', lambda: driver.execute_script(PICTURE), 180)
    handle = driver.execute_script("return [...document.querySelectorAll('.widget-slider')].find(s => "
                                   "(s.querySelector('.widget-label') || {}).textContent === 'lr').querySelector('.noUi-handle');")
    handle.click(); handle.send_keys(Keys.ARROW_RIGHT)                  # one step of the log slider: lr times 10**0.1
    t1 = time.monotonic()
    try: after = wait_for('the picture redrawn', lambda: (lambda p: p if p and p['sum'] != before['sum'] else None)(driver.execute_script(PICTURE)), 30, every=0.1)
    except TimeoutError: after = driver.execute_script(PICTURE) or before
    took = time.monotonic() - t1
    time.sleep(1)
    after = driver.execute_script(PICTURE) or after
    driver.save_screenshot(str(PLAY_SHOT)); print(f'screenshot: {PLAY_SHOT.relative_to(ROOT)}')
    print(f"  (lr {before['lr']} -> {after['lr']}; picture {before['w']}x{before['h']}, checksum {before['sum']} -> {after['sum']}, "
          f"seen changed {took:.2f} s after the key presses)")
    return {'playground: the picture drawn (an image over 100 pixels wide) under the sliders': before['w'] > 100,
            'playground: the lr slider moved (its readout changed)': after['lr'] != before['lr'],
            'playground: the picture changed after the slider moved (its pixels)': after['sum'] != before['sum'],
            'playground: no error output': after['errors'] == 0}

def serve(folder):
    "A thread serving `folder` on a free port of 127.0.0.1: (server, url)."
    handler = functools.partial(type('Quiet', (http.server.SimpleHTTPRequestHandler,), {'log_message': lambda *a: None}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f'http://127.0.0.1:{server.server_address[1]}'

PAGE = """return {title: document.title, h1: (document.querySelector('h1') || {}).textContent || '',
  links: document.querySelectorAll('nav#site a').length, text: document.body.innerText,
  imgs: [...document.querySelectorAll('img')].length,
  loaded: [...document.querySelectorAll('img')].filter(i => i.complete && i.naturalWidth > 100).length,
  h3: [...document.querySelectorAll('h3')].map(h => h.textContent.replace('¶', '').trim())};"""

def check_site(driver, t0):
    "_docs/ (`make docs`): the index, a chapter page with its figures, an API page."
    if not (SITE/'index.html').exists(): return {'site: _docs/index.html exists (make docs builds it)': False}
    server, url = serve(SITE)
    try:
        pages = {}
        for name in ('index.html', '08a_trajectories.html', 'api_paths.html'):
            driver.get(f'{url}/{name}'); time.sleep(1)
            pages[name] = wait_for(f'{name} loaded', lambda: (lambda p: p if p['h1'] else None)(driver.execute_script(PAGE)), 30)
            print(f"  ({name}: title {pages[name]['title']!r}, {pages[name]['links']} links in the side bar, "
                  f"{pages[name]['loaded']} of {pages[name]['imgs']} images loaded)")
        driver.get(f'{url}/08a_trajectories.html'); time.sleep(1); SITE_SHOT.parent.mkdir(exist_ok=True); driver.save_screenshot(str(SITE_SHOT))
        print(f'screenshot: {SITE_SHOT.relative_to(ROOT)}')
    finally: server.shutdown()
    i, ch, api = pages['index.html'], pages['08a_trajectories.html'], pages['api_paths.html']
    return {'site: the index rendered, with the side bar (chapter, engineering, API pages)': 'accel_sgd' in i['h1'] + i['title'] and i['links'] >= 30,
            'site: the chapter page rendered with its title and reading time': 'Paths on a 2-D loss' in ch['h1'] and 'Reading time: about' in ch['text'],
            'site: every figure of the chapter page loaded (5 or more)': ch['imgs'] >= 5 and ch['loaded'] == ch['imgs'],
            'site: the API page shows show_doc of run_path and PathsFigure': {'run_path', 'PathsFigure'} <= set(api['h3'])}

def main(which=('notebook', 'playground', 'site'), timeout=float(os.environ.get('BROWSER_TIMEOUT', 600))):
    unknown = set(which) - {'notebook', 'playground', 'site'}
    if unknown: print(f'browser check: unknown check(s) {sorted(unknown)}; choose from notebook, playground, site'); return 2
    tmp = Path(tempfile.mkdtemp(prefix='accel_sgd_browser_'))
    shutil.copy(DEMO, tmp/DEMO.name)
    lab = driver = None; checks = {}
    t0 = time.monotonic()
    try:
        driver = chrome()
        if {'notebook', 'playground'} & set(which):
            lab, url = start_scratch_lab(tmp, free_port(), token := secrets.token_hex(16))
            print(f'JupyterLab on {url} ({time.monotonic() - t0:.0f} s)', flush=True)
            if 'notebook' in which: checks.update(check_notebook(driver, url, token, t0, timeout))
            if 'playground' in which: checks.update(check_playground(driver, url, token, t0, tmp))
        if 'site' in which: checks.update(check_site(driver, t0))
    except Exception as e:
        checks[f'no exception ({type(e).__name__}: {e})'] = False
    finally:
        ok = bool(checks) and all(checks.values())
        if driver is not None:
            if not ok:
                FAILED_SHOT.parent.mkdir(exist_ok=True)
                try: driver.save_screenshot(str(FAILED_SHOT)); print(f'screenshot: {FAILED_SHOT.relative_to(ROOT)}')
                except Exception as e: print(f'no screenshot: {e}')
            driver.quit()
        if lab is not None:
            lab.terminate()
            try: lab.wait(20)
            except subprocess.TimeoutExpired: lab.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    for k, v in checks.items(): print(f"  {'ok  ' if v else 'FAIL'} {k}")
    print(f"browser check: {'passed' if ok else 'FAILED'} in {time.monotonic() - t0:.0f} s")
    return 0 if ok else 1

if __name__ == '__main__': sys.exit(main(tuple(sys.argv[1:]) or ('notebook', 'playground', 'site')))
