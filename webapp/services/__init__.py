"""Public services: the catalogue (as data), who may ask, requests and their queues."""
