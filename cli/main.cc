// Placeholder; the real CLI lands with the pipeline.
int main() { return 0; }
