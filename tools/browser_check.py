"""`make test-browser`: run a notebook in JupyterLab in headless Chromium, as a reader does, and check what they see.

Starts JupyterLab on a free port of 127.0.0.1 (random token) over a scratch copy of tools/browser_demo.ipynb (so the
committed notebook is never written), opens it in headless Chromium with Selenium, runs all cells, waits for the
last one, and checks that the fastprogress bar (its `<progress>` elements and epoch table) and the live loss plot
(an image drawn by `ProgressCB(plot=True)`) rendered. Saves two screenshots: images/browser_check_live.png while the
second epoch trains (the bar and the plot of the first epoch), images/browser_check.png at the end (on a failure,
runs/browser_check_failed.png). Exits 0 when everything was seen, 1 when not.

Needs Debian's `chromium` and `chromium-driver`, and `jupyterlab` and `selenium` in .venv: `make test-browser` installs them."""
import os, shutil, subprocess, sys, tempfile, time, secrets, socket, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT/'tools'/'browser_demo.ipynb'
SHOT, LIVE_SHOT = ROOT/'images'/'browser_check.png', ROOT/'images'/'browser_check_live.png'
FAILED_SHOT = ROOT/'runs'/'browser_check_failed.png'
SHOW_TRAINING = "document.querySelectorAll('.jp-Notebook .jp-CodeCell')[1].scrollIntoView({block: 'start'});"
DONE = 'browser check: done'

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait_for(what, cond, timeout, every=0.5):
    "Poll `cond()` until it returns something true; fail with `what` after `timeout` seconds."
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            r = cond()
            if r: return r
        except Exception: pass
        time.sleep(every)
    raise TimeoutError(f'{what}: not seen after {timeout} s')

def start_lab(root, port, token):
    settings = root/'.settings'/'@jupyterlab'/'apputils-extension'
    settings.mkdir(parents=True)
    (settings/'notification.jupyterlab-settings').write_text('{"fetchNews": "false"}')   # no news pop-up on the page
    lab = subprocess.Popen([str(Path(sys.executable).parent/'jupyter'), 'lab', '--no-browser', f'--ServerApp.ip=127.0.0.1',
                            f'--ServerApp.port={port}', '--ServerApp.port_retries=0', f'--IdentityProvider.token={token}',
                            f'--ServerApp.root_dir={root}', f'--LabApp.workspaces_dir={root}/.workspaces',
                            f'--LabApp.user_settings_dir={root}/.settings',
                            '--LabApp.expose_app_in_browser=True'] + (['--allow-root'] if os.geteuid() == 0 else []),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f'http://127.0.0.1:{port}'
    def up():
        if lab.poll() is not None: raise SystemExit(f'JupyterLab exited with status {lab.returncode}:\n{lab.stdout.read()[-3000:]}')
        return urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=2).status == 200
    wait_for('JupyterLab answering', up, 120)
    return lab, url

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

def main(timeout=float(os.environ.get('BROWSER_TIMEOUT', 600))):
    tmp = Path(tempfile.mkdtemp(prefix='accel_sgd_browser_'))
    shutil.copy(DEMO, tmp/DEMO.name)
    port, token = free_port(), secrets.token_hex(16)
    lab = driver = None; ok = False; seen = {}
    t0 = time.monotonic()
    try:
        lab, url = start_lab(tmp, port, token)
        print(f'JupyterLab on {url} ({time.monotonic() - t0:.0f} s)', flush=True)
        driver = chrome()
        driver.get(f'{url}/lab/tree/{DEMO.name}?token={token}&reset')
        wait_for('the notebook open in JupyterLab', lambda: driver.execute_script(
            "const a = window.jupyterapp; return a && a.shell.currentWidget && a.shell.currentWidget.context "
            "&& a.shell.currentWidget.context.path.endsWith('.ipynb') && a.shell.currentWidget.sessionContext.session "
            "&& a.shell.currentWidget.sessionContext.session.kernel && a.shell.currentWidget.sessionContext.session.kernel.status === 'idle'"), 180)
        print(f'notebook open, kernel idle ({time.monotonic() - t0:.0f} s); running all cells', flush=True)
        driver.execute_script("window.jupyterapp.commands.execute('application:toggle-left-area');")
        driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")   # not awaited: it resolves when all cells ran
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
        checks = {
            'the progress bar rendered (<progress> elements while training, in the training cell)': seen.get('live_progress', 0) >= 1,
            'the bar and the live plot seen together while training (screenshot)': bool(seen.get('live_shot')),
            'the table of epochs rendered, with its header': {'accuracy', 'loss', 'epoch'} <= set(seen['table']),
            'a row per epoch and phase (2 epochs: 4 rows)': seen['rows'] == 4,
            'the live loss plot rendered (an image over 100x100 pixels)': seen['plots'] >= 1,
            'no error output': seen['errors'] == 0,
        }
        for k, v in checks.items(): print(f"  {'ok  ' if v else 'FAIL'} {k}")
        print(f"  (seen: {seen['progress']} progress bars at the end, {seen.get('live_progress', 0)} while training, table {seen['table']}, "
              f"{seen['rows']} rows, {seen['plots']} plot(s); last cell: {seen['last'].strip()!r})")
        ok = all(checks.values())
    except Exception as e:
        print(f'browser check: FAILED: {type(e).__name__}: {e}')
    finally:
        if driver is not None:
            shot = SHOT if ok else FAILED_SHOT
            shot.parent.mkdir(exist_ok=True)
            try: driver.save_screenshot(str(shot)); print(f'screenshot: {shot.relative_to(ROOT)}')
            except Exception as e: print(f'no screenshot: {e}')
            driver.quit()
        if lab is not None:
            lab.terminate()
            try: lab.wait(20)
            except subprocess.TimeoutExpired: lab.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"browser check: {'passed' if ok else 'FAILED'} in {time.monotonic() - t0:.0f} s")
    return 0 if ok else 1

if __name__ == '__main__': sys.exit(main())
