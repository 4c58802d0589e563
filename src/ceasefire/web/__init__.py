"""The dashboard's pages and static files, and where the browser libraries are served from."""
