"""民主测评 (democratic vote): a branch's vote opened and closed, its paper results, and the members' sheets."""
