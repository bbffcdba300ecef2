// ---- kernel0: r0:cc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr0 = arith.divsi %begin, %stiles1 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:1 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st) -> (i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    scf.for %v7 = %c0 to %vend16 step %cw16 : i64 {
      %v10 = arith.addi %base0, %v7 : i64
      %v11 = llvm.getelementptr %ptr0[%v10] : (!llvm.ptr, i64) -> !llvm.ptr, i32
      %v12 = llvm.load %v11 {alignment = 4 : i64} : !llvm.ptr -> vector<16xi32>
      %v14 = arith.sitofp %v12 : vector<16xi32> to vector<16xf32>
      %v15 = math.sqrt %v14 : vector<16xf32>
      %v16 = arith.addi %base1, %v7 : i64
      %v17 = llvm.getelementptr %ptr1[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v15, %v17 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    %v18 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v18 {
      %v21 = arith.subi %len, %vend16 : i64
      %v22 = arith.index_cast %v21 : i64 to index
      %v23 = vector.create_mask %v22 : vector<16xi1>
      %v25 = arith.addi %base0, %vend16 : i64
      %v26 = llvm.getelementptr %ptr0[%v25] : (!llvm.ptr, i64) -> !llvm.ptr, i32
      %v28 = llvm.mlir.zero : vector<16xi32>
      %v27 = llvm.intr.masked.load %v26, %v23, %v28 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xi32>) -> vector<16xi32>
      %v30 = arith.sitofp %v27 : vector<16xi32> to vector<16xf32>
      %v31 = math.sqrt %v30 : vector<16xf32>
      %v32 = arith.addi %base1, %vend16 : i64
      %v33 = llvm.getelementptr %ptr1[%v32] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v31, %v33, %v23 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt : i64
  }
  return
}
