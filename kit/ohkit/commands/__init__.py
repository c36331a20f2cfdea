"""One module per `ohkit` sub-command; each defines `command`."""
