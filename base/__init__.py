"""The bottom layer: settings and text rules that every other layer may use, and that use nothing of ours."""
