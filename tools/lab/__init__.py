"""JupyterLab as the course sets it up: ``make lab``'s settings, and driving it in a
browser for the tests and the screenshots."""
