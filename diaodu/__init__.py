"""Diaodu (调度): the industrial-economy monitoring and dispatch platform of a 工信局."""
