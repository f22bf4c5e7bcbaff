"""Tests of the app, driven with Pilot."""
