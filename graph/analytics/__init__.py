"""Analytics: functions over NetworkX graphs, one module per family.

Only ``projection`` touches a store: it reads the graph out once, in bulk, and
every other function works on what it returns.
"""
