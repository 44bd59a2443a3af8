"""The competitor test: would they call you if a competitor offered the same at the same
price? `loyal`, the nudge's answer, and the latest answer with its age."""
