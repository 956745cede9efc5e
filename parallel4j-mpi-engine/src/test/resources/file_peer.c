/* Writes one file through MPI-IO views, as FileInteropTest's Java ranks do: the caller's
 * 2-D block of a ROWS x COLS array of doubles (rank r of n takes rows [ROWS*r/n, ROWS*(r+1)/n))
 * with a subarray view and MPI_File_write_at_all, then after it, from byte ROWS*COLS*8, every
 * n-th int starting at the rank's own (a vector view, COUNT ints per rank). Usage: file_peer PATH */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

enum { ROWS = 12, COLS = 5, COUNT = 7 };

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int r, n;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    int r0 = ROWS * r / n, r1 = ROWS * (r + 1) / n;
    double block[ROWS * COLS];
    for (int i = r0; i < r1; i++)
        for (int j = 0; j < COLS; j++) block[(i - r0) * COLS + j] = i * 100.0 + j + 0.25;
    MPI_File f;
    if (MPI_File_open(MPI_COMM_WORLD, argv[1], MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &f) != MPI_SUCCESS) {
        fprintf(stderr, "file_peer: cannot open %s\n", argv[1]);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    int sizes[2] = {ROWS, COLS}, sub[2] = {r1 - r0, COLS}, starts[2] = {r0, 0};
    MPI_Datatype blockType, everyNth;
    MPI_Type_create_subarray(2, sizes, sub, starts, MPI_ORDER_C, MPI_DOUBLE, &blockType);
    MPI_Type_commit(&blockType);
    MPI_File_set_view(f, 0, MPI_DOUBLE, blockType, "native", MPI_INFO_NULL);
    MPI_File_write_at_all(f, 0, block, (r1 - r0) * COLS, MPI_DOUBLE, MPI_STATUS_IGNORE);
    int ints[COUNT];
    for (int k = 0; k < COUNT; k++) ints[k] = r * 1000 + k;
    MPI_Type_vector(COUNT, 1, n, MPI_INT, &everyNth);
    MPI_Type_commit(&everyNth);
    MPI_File_set_view(f, (MPI_Offset)ROWS * COLS * 8 + 4 * r, MPI_INT, everyNth, "native", MPI_INFO_NULL);
    MPI_File_write_at_all(f, 0, ints, COUNT, MPI_INT, MPI_STATUS_IGNORE);
    MPI_File_close(&f);
    MPI_Type_free(&blockType);
    MPI_Type_free(&everyNth);
    MPI_Finalize();
    return 0;
}
