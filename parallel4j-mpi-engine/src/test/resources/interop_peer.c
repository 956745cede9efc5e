/* The C side of MpiInteropTest: rank 0 of an MPMD job whose rank 1 is a parallel4j program. */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int v[4] = {1, 2, 3, 4};
    MPI_Send(v, 4, MPI_INT, 1, 7, MPI_COMM_WORLD);
    double d[3];
    MPI_Status st;
    MPI_Recv(d, 3, MPI_DOUBLE, 1, 8, MPI_COMM_WORLD, &st);
    int ok = d[0] == 0.5 && d[1] == 1.5 && d[2] == 2.5 && st.MPI_SOURCE == 1;
    double mine = 10, sum = 0;
    MPI_Allreduce(&mine, &sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    long long big[2] = {5, 6};
    MPI_Bcast(big, 2, MPI_LONG_LONG, 1, MPI_COMM_WORLD);
    ok = ok && sum == 42 && big[0] == 700 && big[1] == 800;
    printf("C rank 0: %s (received %.1f %.1f %.1f, sum %.1f, bcast %lld %lld)\n", ok ? "values ok" : "WRONG VALUES",
           d[0], d[1], d[2], sum, big[0], big[1]);
    fflush(stdout);
    MPI_Finalize();
    return ok ? 0 : 1;
}
