"""Build the teachers' HTML site: execute every lesson and export it to one page.

Usage (what ``make html`` runs)::

    python -m tools.site [--out site] [--jobs 2] [--timeout 300] \
        [--assets tools/site-assets/node_modules] notebooks/*.ipynb

For each lesson ``NN_topic.ipynb`` given on the command line this

1. executes it in a fresh kernel (the notebook's own kernel, its folder as working
   directory, killed at once when done: ``shutdown_kernel='immediate'``), ``--jobs``
   lessons at a time;
2. exports it with nbconvert's ``lab`` template to ``<out>/NN_topic.html``: timelines
   are embedded as base64 PNG, widget state is embedded when the lesson has widgets
   (nbconvert's defaults), images referenced from markdown are embedded too, and a
   navigation bar (previous lesson, index, next lesson) is added at the top and the
   bottom of the page;
3. rewrites links between lessons (``02_join.ipynb`` or ``../notebooks/02_join.ipynb#x``)
   to the pages of the site (``02_join.html#x``).

Then it writes ``<out>/index.html``: the lessons in order, one line each — the H1 of the
lesson's first markdown cell and its "**What you'll do:**" sentence — and checks that
no page links to a local file or anchor that does not exist. Pages left from an earlier
build are removed first, so the site holds exactly the lessons given.

The site works offline (a classroom machine, a USB stick). Before the lessons run, the
scripts a page needs are copied from ``--assets`` (``tools/site-assets/node_modules``,
installed by ``make html`` with ``npm ci`` from the pinned ``package-lock.json`` there)
into ``<out>/static/``: require.js and the Jupyter widget manager
(``@jupyter-widgets/html-manager``'s ``dist/embed-amd.js``, which bundles the standard
widgets, with the Font Awesome fonts their CSS refers to), plus ``NOTICE.txt`` naming
their versions and licenses. The pages load those instead of nbconvert's CDN copies,
and leave out MathJax and mermaid.js, which are not bundled. A lesson fails the build
when its page would still need the network: a widget from another package than
``@jupyter-widgets/{base,controls,output}``, LaTeX math, a mermaid diagram, or any
script, stylesheet, image or frame with an ``http(s):`` address.

Exit status: 0 when every lesson executed and every local link resolves; 1 otherwise
(each problem is printed). A link to a lesson that exists but was not part of this
build (``NOTEBOOKS=notebooks/02_join.ipynb make html``) is only a warning.
"""
