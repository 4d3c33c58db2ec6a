"""The rights guide in plain words: public pages, the same for everybody, kept by the service worker for reading
offline once opened (issue 16 point 2). The words are data beside what they explain (pages.py says where)."""
