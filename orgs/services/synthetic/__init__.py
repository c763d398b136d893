"""Whole districts written in bulk: the tree, members, secretaries and committee terms.

treebeard's ``add_child`` writes one node at a time and reads its parent back; here the tree is planned
in memory, every path, depth and numchild is computed with ``orgs.tree``, and each table is written with
``bulk_create``. ``seed_synthetic`` (benchmarks), ``seed_demo`` (the demo district) and the bench use it.
Everything is drawn from one seeded ``random.Random``, so a seed gives the same district every time.

``names`` draws Chinese names and places, ``plan`` lays out the tree in memory, ``people`` draws members,
secretaries and committee terms, and ``build`` writes a planned district (``district_build``) or a synthetic
one of a given size (``synthetic_district_build``).
"""
