"""One module per board kind: a board entry of the workshop snapshot -> what its report
section shows (rows, findings, diagrams and charts), already translated and formatted."""
