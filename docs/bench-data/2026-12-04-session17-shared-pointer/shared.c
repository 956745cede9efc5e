#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int me, n; MPI_Comm_rank(MPI_COMM_WORLD, &me); MPI_Comm_size(MPI_COMM_WORLD, &n);
    int iters = atoi(argv[1]); int bad = 0;
    for (int it = 0; it < iters; it++) {
        char name[64]; snprintf(name, sizeof name, "/tmp/sfp/c-shared-%d.bin", it); if (me == 0) unlink(name);
        MPI_Barrier(MPI_COMM_WORLD);
        MPI_File f;
        MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &f);
        MPI_File_set_view(f, 0, MPI_LONG, MPI_LONG, "native", MPI_INFO_NULL);
        long rec[2];
        for (int k = 0; k < 5; k++) { rec[0] = me; rec[1] = k; MPI_File_write_shared(f, rec, 2, MPI_LONG, MPI_STATUS_IGNORE); }
        MPI_Barrier(MPI_COMM_WORLD);
        MPI_Offset p; MPI_File_get_position_shared(f, &p);
        if (p != 10L * n) printf("iteration %d rank %d: position %lld\n", it, me, (long long) p);
        MPI_File_seek_shared(f, 0, MPI_SEEK_SET);
        for (int k = 0; k < 5; k++) MPI_File_read_shared(f, rec, 2, MPI_LONG, MPI_STATUS_IGNORE);
        MPI_Offset size; MPI_File_get_size(f, &size);
        MPI_File_seek_shared(f, size / 8, MPI_SEEK_SET);   /* the engine's END: the size in etypes, then SET */
        long mine[8], back[8];
        for (int k = 0; k <= me; k++) mine[k] = me + 100;
        MPI_File_write_ordered(f, mine, me + 1, MPI_LONG, MPI_STATUS_IGNORE);
        MPI_File_seek_shared(f, 10L * n, MPI_SEEK_SET);
        MPI_File_read_ordered(f, back, me + 1, MPI_LONG, MPI_STATUS_IGNORE);
        for (int k = 0; k <= me; k++) if (back[k] != mine[k]) { bad++; printf("iteration %d rank %d: read %ld at %d, wrote %ld\n", it, me, back[k], k, mine[k]); break; }
        MPI_File_close(&f);
    }
    if (me == 0) printf("done, %d bad on rank 0\n", bad);
    MPI_Finalize();
}
