"""Feeds: RSS, Atom and JSON Feed subscriptions whose new items become stored articles."""
