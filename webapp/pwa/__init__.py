"""The installable app: manifest, service worker, offline page, fingerprinted static files."""
