// Tests count live native tensors process-wide, so they must not run concurrently.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
