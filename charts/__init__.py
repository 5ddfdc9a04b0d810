"""Plotly figures of the indicators; every label in Chinese, every unit shown."""
