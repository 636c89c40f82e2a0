"""Drawing journey maps: map → DOT text (pure) → Graphviz → SVG, PNG or PDF.

`cjm.render.drawing` is the entry point (`to_dot`, `render`, `describe`). The package
itself imports nothing, so the CLI can read the view registry (`views`) at start-up.

- `style`: colours, words and sizes; `info`: what a drawing needs besides the map;
- `layout`, `canvas`: text measurement, the grid's geometry, placed boxes and lines;
- `parts`: the header, legend, evidence and footer every view shares;
- `grid`, `flow`: the views, registered in `views`; `graphviz`: runs Graphviz.
"""
