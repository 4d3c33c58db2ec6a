"""Rentals: landlords register properties and rooms (住房租赁登记) and answer for their tenants."""
