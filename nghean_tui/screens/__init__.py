"""One module per screen. Screens call storage functions in thread workers; they never run SQL."""
