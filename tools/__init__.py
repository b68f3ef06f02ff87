"""The project's own tools: the HTML site export (:mod:`tools.site`)."""
