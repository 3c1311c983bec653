"""Learning: the labelled corpus, features, the role and kind models, training and evaluation."""
