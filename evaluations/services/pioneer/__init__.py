"""The pioneer index (先锋指数) of member campaigns: sheets of the self-evaluation and branch review, and grades."""
