"""Analytics over the store: dyadic time series (issue 9)."""
