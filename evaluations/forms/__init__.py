"""Forms of the evaluation pages, one module per area: every POST is parsed by one of them; the rules stay in
the services they call."""
