// Placeholder until this adapter's first source lands; delete then.
