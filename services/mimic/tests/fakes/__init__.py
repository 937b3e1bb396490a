"""Local servers speaking external APIs for Mimic's tests (imported as ``mimic_test_fakes``)."""
