"""BN Lab in a Jupyter notebook, with no server and no network.

    import bnlab_jupyter
    bnlab_jupyter.show(preset="covariate-shift", settings={"train.learning_rate": 0.3}, height=560)

show() returns an object that notebooks display as BN Lab: the one-file page
(dist/bnlab.html, built by ``./build.sh single``) inside a sandboxed iframe's
``srcdoc``, with the state (the preset, the config's dotted keys and the
widget keys, exactly as in a BN Lab link) handed to the page. Nothing is
served or fetched: the notebook carries the page (about 0.8 MB per call), so
it also works in a notebook exported to HTML and in a Jupyter Book page.
Values are checked by BN Lab itself, in the page: a bad one is named in a
message there and falls back to the preset's value, as in a link.

Where the page comes from, first found: the ``html`` argument (a path), the
BNLAB_HTML environment variable, bnlab.html beside this module, then
dist/bnlab.html of the BN Lab checkout this module sits in.

Standard library only (IPython, or any front end, calls ``_repr_html_``).
"""

import html as _html
import os
import re
import urllib.parse

__all__ = ["show", "BnLab", "find_page"]

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_WIDGET_KEYS = ("embed", "show", "autoplay", "stop", "theme", "lock", "lang")
_STATE_META = '<meta name="bnlab-state" content="{}">'
MIN_HEIGHT, MAX_HEIGHT = 200, 4000


def find_page(html=None):
    """The path of the one-file page; FileNotFoundError says where it looked."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [html] if html else []
    if os.environ.get("BNLAB_HTML"):
        candidates.append(os.environ["BNLAB_HTML"])
    candidates += [os.path.join(here, "bnlab.html"), os.path.join(here, os.pardir, "dist", "bnlab.html")]
    for path in candidates:
        if os.path.isfile(path):
            return os.path.abspath(path)
    raise FileNotFoundError(
        "BN Lab's one-file page was not found (looked at: {}); build it with ./build.sh single "
        "or pass html='path/to/bnlab.html'".format(", ".join(os.path.normpath(p) for p in candidates)))


def _text(value):
    """A value as BN Lab's hash writes it: lists as 1,2,3, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_text(v) for v in value)
    if isinstance(value, (int, float, str)):
        return str(value)
    raise TypeError("settings: a value must be a number, text, true/false or a list, not {}".format(type(value).__name__))


def state_hash(preset=None, settings=None, **widget):
    """The hash text ("preset=...&key=value&...") for these arguments."""
    items = []
    if preset is not None:
        if not isinstance(preset, str) or not preset:
            raise ValueError("preset: expected a preset's name such as 'covariate-shift', got {!r}".format(preset))
        items.append(("preset", preset))
    if isinstance(settings, str):
        text = settings.strip().lstrip("#")
        parts = [text] if text else []
    elif settings is None or isinstance(settings, dict):
        parts = []
        for key, value in (settings or {}).items():
            if not isinstance(key, str) or not _KEY.match(key):
                raise ValueError("settings: {!r} is not a dotted key such as 'train.learning_rate'".format(key))
            items.append((key, _text(value)))
    else:
        raise TypeError("settings: expected a dict such as {'train.learning_rate': 0.3} or hash text, not "
                        + type(settings).__name__)
    for key, value in widget.items():
        if value is None:
            continue
        if key not in _WIDGET_KEYS:
            raise TypeError("show() got an unknown argument {!r} (widget keys: {})".format(key, ", ".join(_WIDGET_KEYS)))
        items.append((key, "1" if value is True else "0" if value is False else _text(value)))
    encoded = "&".join("{}={}".format(urllib.parse.quote(k, safe="._"), urllib.parse.quote(v, safe=",.:_-"))
                       for k, v in items)
    return "&".join(p for p in parts + [encoded] if p)


class BnLab:
    """BN Lab displayed by a notebook: ``_repr_html_`` is an iframe whose
    ``srcdoc`` is the one-file page with this state."""

    def __init__(self, page_html, state, height):
        self.state = state
        self.height = height
        self._page = page_html

    def page(self):
        """The one-file page with the state, as a standalone HTML document."""
        meta = _STATE_META.format(_html.escape(self.state, quote=True))
        return self._page.replace("<head>", "<head>\n  " + meta, 1)

    def _repr_html_(self):
        # sandbox: the page runs scripts (and its blob: worker) in an origin of
        # its own, apart from the notebook's; links open in a new tab.
        return ('<iframe title="BN Lab" width="100%" height="{}" frameborder="0" '
                'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
                'srcdoc="{}"></iframe>').format(self.height, _html.escape(self.page(), quote=True))

    def __repr__(self):
        return "<BN Lab #{} ({} px)>".format(self.state, self.height)


def show(preset=None, settings=None, height=600, html=None, embed=True, **widget):
    """BN Lab in the notebook.

    preset    a preset's (lesson's) name, e.g. "covariate-shift"; None: the default
    settings  {"dotted.key": value} or hash text "train.learning_rate=0.3&seed=7"
    height    of the frame, in pixels (200..4000)
    embed     the widget layout (panels and a slim toolbar); False: the full page
    widget    the other widget keys: show="charts", theme="dark", autoplay=True,
              stop=500, lock=True, lang="de"
    html      the one-file page to use (see find_page)
    """
    if isinstance(height, bool) or not isinstance(height, int) or not MIN_HEIGHT <= height <= MAX_HEIGHT:
        raise ValueError("height: expected whole pixels {}..{}, got {!r}".format(MIN_HEIGHT, MAX_HEIGHT, height))
    state = state_hash(preset, settings, embed=embed, **widget)
    with open(find_page(html), encoding="utf-8") as f:
        page = f.read()
    return BnLab(page, state, height)
