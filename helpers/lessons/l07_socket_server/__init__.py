"""Lesson 07: notebooks/07_socket_server.ipynb -- its targets, checks and any view of its own."""
